// Catches render errors so one broken step never blanks the whole wizard.
import { Alert, Button, Stack, Text } from '@mantine/core';
import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

type Props = { children: ReactNode; resetKey?: string };
type State = { error: Error | null; resetKey?: string };

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    // Navigating to another step clears the error.
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Render error', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert color="red" title="This page failed to display" role="alert">
        <Stack gap="xs">
          <Text size="sm">{this.state.error.message}</Text>
          <Text size="sm">
            Your progress is saved on the server. Reload the page to continue where you were.
          </Text>
          <div>
            <Button size="xs" onClick={() => window.location.reload()}>
              Reload
            </Button>
          </div>
        </Stack>
      </Alert>
    );
  }
}
