/**
 * A React error boundary for one view or panel: a render error shows a message with "Reset this
 * view" in place of that part, and the rest of the page keeps working.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What the part is called, for the message, e.g. "the workbench". */
  name: string;
  children: ReactNode;
  /** Called before the part is rendered again (e.g. to drop the state that broke it). */
  onReset?: () => void;
}

interface State {
  error: Error | null;
}

/** Catches render errors of its children. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Render error in ${this.props.name}:`, error, info.componentStack);
  }

  private reset = (): void => {
    this.props.onReset?.();
    this.setState({ error: null });
  };

  render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="error-box" role="alert" data-testid="render-error">
        <h2>Something went wrong in {this.props.name}</h2>
        <p>{error.message}</p>
        <p className="muted">The rest of the page still works. Reset this view to try again.</p>
        <button className="btn" onClick={this.reset}>
          Reset this view
        </button>
      </div>
    );
  }
}

/** Wraps `node` in a boundary named `name`. */
export function guarded(name: string, node: ReactNode, onReset?: () => void): ReactNode {
  return (
    <ErrorBoundary name={name} onReset={onReset}>
      {node}
    </ErrorBoundary>
  );
}
