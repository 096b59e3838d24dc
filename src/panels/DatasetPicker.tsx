import { useState } from 'react';
import * as Dialog from '@radix-ui/react-dialog';
import * as Tabs from '@radix-ui/react-tabs';
import { datasetInfo } from '../data/index.ts';
import type { DatasetId } from '../data/types.ts';
import { SampleGrid } from './SampleGrid.tsx';
import './dialog.css';

export interface DatasetPickerProps {
  value: DatasetId;
  options: readonly DatasetId[];
  disabled?: boolean;
  onPick: (d: DatasetId) => void;
}

/**
 * The dataset button in the header; opens a dialog (focus held inside, Escape closes, focus goes
 * back to the button) with the datasets that fit as tabs (arrow keys move between them) and
 * their samples.
 */
export function DatasetPicker({ value, options, disabled, onPick }: DatasetPickerProps) {
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<DatasetId>(value);
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        if (o) setShown(value);
        setOpen(o);
      }}
    >
      <Dialog.Trigger asChild>
        <button className="btn" disabled={disabled}>
          <span className="visually-hidden">Data: </span>
          {datasetInfo[value].title} ▾
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        {/* a plain backdrop: Radix's Overlay locks page scroll with an injected <style>, which
            the page's content security policy (style-src 'self') refuses */}
        <div className="dialog-overlay" aria-hidden="true" />
        <Dialog.Content className="popover dialog dataset-dialog">
          <Dialog.Title className="dialog-title">Choose a dataset</Dialog.Title>
          <Tabs.Root value={shown} onValueChange={(d) => setShown(d as DatasetId)}>
            <Tabs.List className="tabs dataset-tabs" aria-label="Datasets">
              {options.map((d) => (
                <Tabs.Trigger key={d} value={d}>
                  {datasetInfo[d].title}
                </Tabs.Trigger>
              ))}
            </Tabs.List>
            {options.map((d) => (
              <Tabs.Content key={d} value={d}>
                <Dialog.Description className="explain">
                  {datasetInfo[d].description}
                </Dialog.Description>
                <SampleGrid id={d} />
              </Tabs.Content>
            ))}
          </Tabs.Root>
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button className="btn">Close</button>
            </Dialog.Close>
            <button
              className="btn primary"
              disabled={shown === value}
              onClick={() => {
                setOpen(false);
                onPick(shown);
              }}
            >
              {shown === value ? 'In use' : `Use ${datasetInfo[shown].title}`}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
