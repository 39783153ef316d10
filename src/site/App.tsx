import { IndexPage } from './pages/IndexPage';
import { ArticlePage } from './pages/ArticlePage';
import { EmbedPage } from './pages/EmbedPage';
import { AboutPage } from './pages/AboutPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { Layout } from './Layout';
import type { PageData } from './pageData';
import type { Route } from './routes';

export interface AppProps {
  route: Route;
  data: PageData;
}

/** The whole page for one route; the same tree renders on the server and hydrates on the client. */
export function App({ route, data }: AppProps) {
  if (route.kind === 'embed' && data.kind === 'embed') {
    return <EmbedPage meta={data.meta} widget={data.widget} />;
  }
  return (
    <Layout>
      {route.kind === 'index' && <IndexPage />}
      {route.kind === 'about' && <AboutPage />}
      {route.kind === 'article' && data.kind === 'article' && (
        <ArticlePage meta={data.meta} content={data.content} widgets={data.widgets} />
      )}
      {route.kind === 'not-found' && <NotFoundPage />}
    </Layout>
  );
}
