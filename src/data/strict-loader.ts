/**
 * Astro's glob loader logs a Markdown render error (an unknown wiki link, an
 * invalid Mermaid fence) and carries on with an empty page. This wrapper turns
 * every error it logs into a failed build, keeping the loader's own message.
 */
import type { Loader, LoaderContext } from 'astro/loaders';

export function strictLoader(inner: Loader): Loader {
  return {
    ...inner,
    name: `strict-${inner.name}`,
    load: async (context: LoaderContext) => {
      const errors: string[] = [];
      const logger = Object.create(context.logger) as LoaderContext['logger'];
      logger.error = (message: string) => {
        errors.push(message);
        context.logger.error(message);
      };
      await inner.load({ ...context, logger });
      if (errors.length) throw new Error(`content errors:\n${errors.join('\n')}`);
    },
  };
}
