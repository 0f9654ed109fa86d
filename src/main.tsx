// Browser entry point: renders `<App>` into `#root`.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme, readThemeChoice } from './app/theme';

// Before the first paint, so the page never flashes the other theme.
applyTheme(readThemeChoice());

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
