declare module 'virtual:article-metas' {
  export const articleMetas: { folder: string; meta: unknown }[];
  export const contentLoaders: Record<string, () => Promise<unknown>>;
  export const widgetLoaders: Record<string, () => Promise<unknown>>;
}

declare module '*.mdx' {
  import type { ComponentType } from 'react';
  import type { MDXComponents } from 'mdx/types';
  export const meta: unknown;
  export const toc: { depth: 2 | 3; id: string; text: string }[];
  export const equations: Record<string, number>;
  const Content: ComponentType<{ components?: MDXComponents }>;
  export default Content;
}
