// Flag value parsers shared by the verbs. Commander turns an InvalidArgumentError into one usage line, exit 2.
import { InvalidArgumentError } from 'commander';

/** Azure's enum spelling from any casing, as az accepts it. */
export const oneOf =
  <V extends string>(values: readonly V[]) =>
  (text: string): V => {
    const hit = values.find((v) => v.toLowerCase() === text.toLowerCase());
    if (!hit) throw new InvalidArgumentError(`expected one of ${values.join(', ')}`);
    return hit;
  };

/** A TCP / UDP port, 0-65535 as IP flow verify accepts it. */
export function portNumber(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new InvalidArgumentError('expected a port number 0-65535');
  return Number(text);
}
