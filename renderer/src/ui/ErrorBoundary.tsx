import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ErrorBoundaryProps {
  children: ReactNode;
  /** What the boundary holds, for the message ("this view"). */
  what: string;
}

/**
 * Keeps a failure in one view from blanking the whole window. The document
 * is not touched: everything saved stays saved, and "Try again" re-renders.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Kith: ${this.props.what} failed`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="empty" role="alert">
        <h2>Something went wrong in {this.props.what}</h2>
        <p>Your network is safe: nothing was lost. The problem was: {error.message}</p>
        <button type="button" className="button button-primary" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
