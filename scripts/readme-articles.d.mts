export declare const START: string;
export declare const END: string;
export declare function articleListMarkdown(
  articles: {
    slug: string;
    title: string;
    originalTitle: string;
    originalDate: string;
    draft?: boolean;
    widgets: { id: string; compute: 'js' | 'tfjs' }[];
  }[],
): string;
export declare function withArticleList(readme: string, list: string): string;
export declare function currentArticleList(readme: string): string;
export declare function withoutGeneratedList(readme: string): string;
export declare function unpadded(markdown: string): string;
