import { routePath } from '../routes';

export function NotFoundPage() {
  return (
    <section className="not-found">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. The list of{' '}
        <a href={routePath({ kind: 'index' })}>all articles</a> may have what you were looking for.
      </p>
    </section>
  );
}
