import type { ReactNode } from 'react';
import { routePath } from './routes';

/** Site chrome: a skip link, the header with navigation, and the footer with the licence note. */
export function Layout({ children }: { children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <a className="site-name" href={routePath({ kind: 'index' })}>
          Scientific Spaces, explorable
        </a>
        <nav aria-label="Site">
          <a href={routePath({ kind: 'index' })}>Articles</a>
          <a href={routePath({ kind: 'about' })}>About</a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>
          Explanations written for this site from the posts of{' '}
          <a href="https://kexue.fm/">Scientific Spaces (科学空间)</a> by Su Jianlin, which are
          licensed CC BY-NC-ND 2.5 CN. See <a href={routePath({ kind: 'about' })}>About</a>.
        </p>
      </footer>
    </>
  );
}
