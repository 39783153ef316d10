import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import 'katex/dist/katex.min.css';
import './site.css';
import '../widgets/kit.css';
import '../widgets/frame.css';
import { App } from './App';
import { loadPageData } from './pageData';
import { parseRoute } from './routes';

async function start() {
  const container = document.getElementById('root');
  if (!container) return;
  const route = parseRoute(window.location.pathname);
  const data = await loadPageData(route);
  const app = (
    <StrictMode>
      <App route={route} data={data} />
    </StrictMode>
  );
  if (container.hasChildNodes()) hydrateRoot(container, app);
  else createRoot(container).render(app);
}

start().catch((error: unknown) => {
  console.error(error);
  const note = document.createElement('p');
  note.className = 'load-error';
  note.setAttribute('role', 'alert');
  note.textContent =
    'The interactive parts of this page failed to load; the text still reads without them.';
  document.body.prepend(note);
});
