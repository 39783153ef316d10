import { Component, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { BACKEND_NAMES } from '../core/backend';
import type { AnyWidgetDefinition } from './defineWidget';
import { FrameContext } from './frameContext';
import type { ComputeChoice, ComputeName, FrameContextValue } from './frameContext';
import {
  clampToSchema,
  defaultValues,
  parseParams,
  serializeParams,
  toQueryString,
} from './params';
import type { ParamNotice, ParamSchema, ParamValues } from './params';
import { exportFigure } from './exportFigure';
import { useLocationSearch } from './useLocationSearch';

export interface WidgetFrameProps {
  /** The article the widget belongs to. */
  slug: string;
  /** The widget. */
  definition: AnyWidgetDefinition;
  /** Title and one-sentence description, from the article's meta. */
  title: string;
  description: string;
  /** 'article': state keys are prefixed with the widget id; 'embed': bare keys, no site chrome. */
  mode: 'article' | 'embed';
}

type Values = ParamValues<ParamSchema>;

declare global {
  interface Window {
    /** Every widget on the page by "<slug>/<id>": its schema, state, and setters. */
    __kexueWidgets?: Record<
      string,
      {
        params: ParamSchema;
        set: (patch: Partial<Values>) => void;
        reset: () => void;
        values: () => Values;
      }
    >;
  }
}

const siteRoot = () =>
  typeof window === 'undefined'
    ? import.meta.env.BASE_URL
    : `${window.location.origin}${import.meta.env.BASE_URL}`;

export function embedUrl(slug: string, id: string, query: string): string {
  return `${siteRoot()}embed/${slug}/${id}/${query ? `?${query}` : ''}`;
}

export function articleUrl(slug: string, id: string, query: string): string {
  return `${siteRoot()}articles/${slug}/${query ? `?${query}` : ''}#widget-${id}`;
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The `<iframe>` snippet an instructor pastes into a slide. */
export function embedCode(src: string, title: string, height: number): string {
  return (
    `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(title)} (interactive)" ` +
    `width="100%" height="${height}" style="border:0;max-width:960px" loading="lazy" ` +
    `allow="clipboard-write"></iframe>`
  );
}

/** What `?backend=` may name: a tfjs backend, or `plain` for widgets with a plain path. */
const COMPUTE_NAMES: readonly ComputeName[] = [...BACKEND_NAMES, 'plain'];

function readForcedBackend(search: URLSearchParams): {
  backend: ComputeName | null;
  notice?: ParamNotice;
} {
  const raw = search.get('backend');
  if (raw === null) return { backend: null };
  if ((COMPUTE_NAMES as readonly string[]).includes(raw)) return { backend: raw as ComputeName };
  return {
    backend: null,
    notice: {
      param: 'backend',
      message: `${JSON.stringify(raw.slice(0, 20))} is not one of ${COMPUTE_NAMES.join(', ')}; chosen automatically`,
    },
  };
}

/** The badge's text for a choice: the tfjs backend, or the plain path. */
function badgeText(choice: ComputeChoice): string {
  return choice.name === 'plain' ? 'plain TypeScript' : `tfjs · ${choice.name}`;
}

class WidgetErrorBoundary extends Component<
  { children: ReactNode; onReset: () => void; resetKey: number },
  { error: Error | null }
> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey: number }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error)
      this.setState({ error: null });
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Widget failed:', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="widget-error" role="alert">
        <p>
          <strong>This widget stopped:</strong> {this.state.error.message}
        </p>
        <button type="button" onClick={this.props.onReset}>
          Reset to defaults
        </button>
      </div>
    );
  }
}

/**
 * The chrome every widget shares: title, reset, copy link, copy embed code, figure export,
 * present mode, the compute-backend badge, URL state with notices, and an error boundary.
 */
export function WidgetFrame({ slug, definition, title, description, mode }: WidgetFrameProps) {
  const { id, params, Component: View, compute, embedHeight } = definition;
  const prefix = mode === 'article' ? `${id}.` : '';
  // The first render matches the prerendered HTML (defaults); the URL applies after hydration,
  // and the reader's own changes take over from it.
  const search = useLocationSearch();
  const fromUrl = useMemo(() => {
    const query = new URLSearchParams(search ?? '');
    const parsed = parseParams(params, query, prefix);
    const forced = readForcedBackend(query);
    return {
      values: parsed.values,
      notices: forced.notice ? [...parsed.notices, forced.notice] : parsed.notices,
      forcedBackend: forced.backend,
      present: mode === 'embed' && query.get('present') === '1',
    };
  }, [search, params, prefix, mode]);
  const [edited, setEdited] = useState<Values | null>(null);
  const values = edited ?? fromUrl.values;
  const [noticesDismissed, setNoticesDismissed] = useState(false);
  // Back/forward navigation brings the address's state back, over the reader's later edits.
  useEffect(() => {
    const onPopState = () => {
      setEdited(null);
      setNoticesDismissed(false);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  const notices = noticesDismissed ? [] : fromUrl.notices;
  const [presentToggle, setPresentToggle] = useState<boolean | null>(null);
  const present = presentToggle ?? fromUrl.present;
  const forcedBackend = fromUrl.forcedBackend;
  const urlReady = search !== null;
  const [backend, setBackend] = useState<{ choice: ComputeChoice | null; note?: string } | null>(
    null,
  );
  const [panel, setPanel] = useState<null | 'embed' | 'link'>(null);
  const [copyStatus, setCopyStatus] = useState('');
  const [onScreen, setOnScreen] = useState(false);
  const [resetKey, setResetKey] = useState(0);
  const dirty = useRef(false);
  const rootRef = useRef<HTMLElement>(null);
  const figureRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const node = rootRef.current;
    if (!node || typeof IntersectionObserver === 'undefined') {
      setOnScreen(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => setOnScreen(entries.some((e) => e.isIntersecting)),
      { rootMargin: '200px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  const query = useMemo(
    () => toQueryString(serializeParams(params, values, prefix)),
    [params, values, prefix],
  );

  // Keep the address bar in step with the state, once the reader has changed something.
  useEffect(() => {
    if (!dirty.current) return;
    const timer = window.setTimeout(() => {
      const search = new URLSearchParams(window.location.search);
      for (const key of Object.keys(params)) search.delete(prefix + key);
      const rest = toQueryString([...search.entries()]);
      const next = [rest, query].filter(Boolean).join('&');
      window.history.replaceState(
        window.history.state,
        '',
        `${window.location.pathname}?${next}${window.location.hash}`,
      );
    }, 200);
    return () => window.clearTimeout(timer);
  }, [query, params, prefix]);

  // A widget's own changes (and scripted ones) are brought inside the schema: never a value the
  // URL could not carry.
  const set = useCallback(
    (patch: Partial<Values>) => {
      const valid = clampToSchema(params, patch);
      if (Object.keys(valid).length === 0) return;
      dirty.current = true;
      setEdited((v) => ({ ...(v ?? fromUrl.values), ...valid }) as Values);
    },
    [fromUrl.values, params],
  );

  const reset = useCallback(() => {
    dirty.current = true;
    setEdited(defaultValues(params));
    setNoticesDismissed(true);
    setResetKey((k) => k + 1);
  }, [params]);

  const reportBackend = useCallback((choice: ComputeChoice | null, note?: string) => {
    setBackend({ choice, note });
  }, []);

  // The backend itself, not its reason: a reason that changes with the settings (the plain
  // path's) must not restart a run; a lost device changes the name.
  const backendKey = backend?.choice?.name ?? null;
  const context = useMemo<FrameContextValue>(
    () => ({ reportBackend, onScreen: onScreen && urlReady, forcedBackend, backendKey }),
    [reportBackend, onScreen, urlReady, forcedBackend, backendKey],
  );

  // An automation handle per widget (tests, scripted demos): read, set and reset its state.
  const valuesRef = useRef(values);
  useEffect(() => {
    valuesRef.current = values;
  }, [values]);
  useEffect(() => {
    const key = `${slug}/${id}`;
    const registry = (window.__kexueWidgets ??= {});
    registry[key] = { params, set, reset, values: () => valuesRef.current };
    return () => {
      if (registry[key]?.set === set) delete registry[key];
    };
  }, [slug, id, params, set, reset]);

  const linkText = mode === 'article' ? articleUrl(slug, id, query) : embedUrl(slug, id, query);
  const codeText = embedCode(
    embedUrl(slug, id, toQueryString(serializeParams(params, values))),
    title,
    embedHeight,
  );

  const copy = async (text: string, what: 'link' | 'embed') => {
    setPanel(what);
    try {
      await navigator.clipboard.writeText(text);
      setCopyStatus(what === 'link' ? 'Link copied.' : 'Embed code copied.');
    } catch {
      setCopyStatus('Copying is blocked here: select the text below and copy it.');
    }
  };

  const Heading = mode === 'embed' ? 'h1' : 'h3';
  const backendName = compute === 'tfjs' ? (backend?.choice?.name ?? 'loading') : undefined;

  return (
    <figure
      ref={rootRef}
      className={`widget${present ? ' present' : ''}`}
      id={`widget-${id}`}
      data-widget={`${slug}/${id}`}
      data-backend={backendName}
      data-present={present ? '1' : undefined}
      aria-labelledby={`widget-${id}-title`}
    >
      <header className="widget-header">
        <Heading className="widget-title" id={`widget-${id}-title`}>
          {title}
        </Heading>
        <div className="widget-toolbar" role="toolbar" aria-label={`${title} tools`}>
          <button type="button" onClick={reset} data-action="reset">
            Reset
          </button>
          <button type="button" onClick={() => void copy(linkText, 'link')} data-action="copy-link">
            Copy link
          </button>
          <button
            type="button"
            onClick={() => void copy(codeText, 'embed')}
            data-action="copy-embed"
          >
            Embed
          </button>
          <button
            type="button"
            onClick={() =>
              figureRef.current && void exportFigure(figureRef.current, `${slug}-${id}`)
            }
            data-action="export"
          >
            Export figure
          </button>
          <button
            type="button"
            aria-pressed={present}
            onClick={() => setPresentToggle(!present)}
            data-action="present"
          >
            Present
          </button>
        </div>
        {compute === 'tfjs' && (
          <span
            className="backend-badge"
            data-backend-badge={backendName}
            title={
              (backend?.choice &&
                backend.choice.reason +
                  ('chooseMs' in backend.choice && backend.choice.chooseMs !== undefined
                    ? ` (chosen in ${Math.round(backend.choice.chooseMs)} ms)`
                    : '')) ??
              backend?.note ??
              'TensorFlow.js starts when the widget is on screen'
            }
          >
            {backend?.choice
              ? badgeText(backend.choice)
              : backend?.note
                ? 'tfjs unavailable'
                : 'tfjs · starting'}
          </span>
        )}
      </header>

      {notices.length > 0 && (
        <div className="widget-notices" role="status" data-notices={notices.length}>
          <p>Some settings in the address could not be used as given:</p>
          <ul>
            {notices.map((n, i) => (
              <li key={i} data-notice-param={n.param}>
                <code>{n.param}</code>: {n.message}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setNoticesDismissed(true)}>
            Dismiss
          </button>
        </div>
      )}

      {panel && (
        <div className="widget-share" data-share={panel}>
          <label>
            {panel === 'link' ? 'Link to this state' : 'Embed code (paste into a slide or page)'}
            <textarea
              readOnly
              rows={panel === 'link' ? 2 : 4}
              value={panel === 'link' ? linkText : codeText}
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <p role="status">{copyStatus}</p>
          <button type="button" onClick={() => setPanel(null)}>
            Close
          </button>
        </div>
      )}

      <div className="widget-body" ref={figureRef}>
        <FrameContext.Provider value={context}>
          <WidgetErrorBoundary onReset={reset} resetKey={resetKey}>
            <View values={values} set={set} present={present} />
          </WidgetErrorBoundary>
        </FrameContext.Provider>
      </div>
      <figcaption className="widget-caption">
        {description}
        {mode === 'embed' && (
          <>
            {' '}
            <a href={`${import.meta.env.BASE_URL}articles/${slug}/#widget-${id}`} target="_top">
              Read the article
            </a>
          </>
        )}
      </figcaption>
    </figure>
  );
}
