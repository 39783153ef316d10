import { routePath } from '../routes';

export function AboutPage() {
  return (
    <article className="prose about">
      <h1>About</h1>
      <p>
        This site explains, one article at a time, derivations first published on{' '}
        <a href="https://kexue.fm/">Scientific Spaces (科学空间)</a>, the blog of Su Jianlin. Each
        article retells one post in English, in our own words, with the derivation written out step
        by step and widgets that compute live in the browser. Each cites the original post (title,
        date and address) and the papers it discusses.
      </p>
      <h2>Licence of the source</h2>
      <p>
        The posts on Scientific Spaces are published under the Creative Commons licence{' '}
        <a href="https://creativecommons.org/licenses/by-nc-nd/2.5/cn/">
          BY-NC-ND 2.5 China Mainland
        </a>
        . Because that licence allows no derivative works, nothing here is a translation or an
        adaptation of the posts&rsquo; text or figures: the explanations, derivations, figures and
        code are written independently from the mathematics, and each article links to the original
        so that readers can go to the source.
      </p>
      <h2>How the numbers are computed</h2>
      <p>
        Widgets run on a small shared mathematics library. Small linear algebra runs in double
        precision; sampling and training run on TensorFlow.js, on WebGPU where a hardware GPU is
        available and otherwise on the fastest of WebAssembly, WebGL and plain JavaScript, measured
        on your device. Every formula is tested against an independent computation (Monte Carlo,
        quadrature, finite differences or values from the papers).
      </p>
      <h2>Teaching with the widgets</h2>
      <p>
        Every widget has an <em>Embed</em> button that gives an <code>&lt;iframe&gt;</code> snippet
        holding its current state, and a <em>Present</em> mode with large type for projectors. Add{' '}
        <code>?present=1</code> to an embed address to start in present mode.
      </p>
      <p>
        <a href={routePath({ kind: 'index' })}>Back to the articles</a>
      </p>
    </article>
  );
}
