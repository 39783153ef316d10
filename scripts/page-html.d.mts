export declare const CONTENT_SECURITY_POLICY: string;
export declare function escapeHtml(text: string): string;
export declare function pageHtml(
  template: string,
  rendered: { html: string; title: string; description: string; embed: boolean },
  options: { csp: boolean },
): string;
