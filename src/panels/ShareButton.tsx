import { useState } from 'react';
import { flushUrl } from '../store/urlSync.ts';
import { Tip } from './Tip.tsx';

/** Copies the current link (which carries the whole pruning setup) to the clipboard. */
export function ShareButton() {
  const [copied, setCopied] = useState<'idle' | 'ok' | 'fail'>('idle');
  const copy = async () => {
    flushUrl();
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied('ok');
    } catch {
      setCopied('fail');
    }
    window.setTimeout(() => setCopied('idle'), 2000);
  };
  return (
    <Tip text="Copy a link that reproduces this view">
      <button className="btn" onClick={() => void copy()}>
        {copied === 'ok' ? 'Link copied' : copied === 'fail' ? 'Copy the address bar' : 'Share'}
      </button>
    </Tip>
  );
}
