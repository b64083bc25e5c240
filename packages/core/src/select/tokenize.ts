/**
 * Common English words that say nothing about which tool a question needs. BM25 already weighs words that
 * occur in many tools' texts down; this list also drops the question's own filler (`what`, `how`).
 */
const STOP_WORDS = new Set(
  (
    'a an and are as at be by can could did do does for from get give has have how i if in into is it its me my of on or ' +
    'our should so than that the their them then there these this those to was we were what when where which who whom ' +
    'why will with would you your'
  ).split(' '),
);

/**
 * Splits text into the words a search indexes: camelCase, PascalCase, snake_case, kebab-case and dotted
 * names into their parts (`getWeatherForecast`, `get_weather_forecast` and `weather.forecast.get` share
 * `weather` and `forecast`), lower-cased, without common English words, and with a plural `s` dropped
 * (`movies` and `movie` match). Letters and digits of any script count; everything else separates words.
 *
 * @example
 * ```ts
 * tokenize('getHTTPResponse for the movies_db'); // ['http', 'response', 'movie', 'db']
 * ```
 */
export function tokenize(text: string): string[] {
  const words = text
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u);
  const tokens: string[] = [];
  for (const word of words) {
    if (word === '' || STOP_WORDS.has(word)) continue;
    tokens.push(stem(word));
  }
  return tokens;
}

/** Drops a plural ending: `movies` → `movie`, `cities` → `city`; `address`, `bus` and `is` stay. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}
