const marker = 'llmcompiler.error';
const symbol = Symbol.for(marker);

/**
 * Base class of every error this library throws or reports.
 *
 * Use the static `isInstance` of a class instead of `instanceof`: it checks a `Symbol.for` marker, so it
 * also recognises errors created by a second copy of the package (two versions in one `node_modules`).
 *
 * @example
 * ```ts
 * if (LLMCompilerError.isInstance(error)) console.error(error.name, error.message);
 * ```
 */
export class LLMCompilerError extends Error {
  private readonly [symbol] = true;

  constructor(name: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
  }

  /** Whether `error` is an error of this library, from any copy of the package. */
  static isInstance(error: unknown): error is LLMCompilerError {
    return LLMCompilerError.hasMarker(error, marker);
  }

  /**
   * Whether `error` carries the marker `Symbol.for(marker)`; for subclasses' own `isInstance`. Never throws:
   * anything may be thrown, and a Proxy whose traps throw (or a revoked one) is simply not ours.
   */
  protected static hasMarker(error: unknown, marker: string): boolean {
    if (error === null || typeof error !== 'object') return false;
    try {
      return (error as Record<symbol, unknown>)[Symbol.for(marker)] === true;
    } catch {
      return false;
    }
  }
}
