import { Component, type ReactNode } from 'react';
import { ErrorPanel } from './ErrorPanel.tsx';

interface Props {
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | null;
}

/** Last line of defence: a rendering bug shows as an error panel, not as a blank page. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <ErrorPanel
        title="natlab could not display this lab"
        hint="This is a bug in natlab, not necessarily in the lab file. Please report it with the lab file."
        issues={[{ path: '', message: this.state.error.message }]}
      />
    );
  }
}
