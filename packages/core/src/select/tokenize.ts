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
 * `weather` and `forecast`), lower-cased, without common English words, and each reduced so that plural and
 * singular match (`movies` and `movie` both give `movi`). Letters and digits of any script count; everything else separates words.
 *
 * @example
 * ```ts
 * tokenize('getHTTPResponse for the movies_db'); // ['http', 'respons', 'movi', 'db']
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

/**
 * Reduces a word so that its plural and singular meet: a plural `s` is dropped (not in `-ss`, `-us`,
 * `-is`), then a final `e`, and a final `y` becomes `i`: `movies` and `movie` give `movi`, `cities` and
 * `city` give `citi`, `boxes` and `box` give `box`. Words of three letters or fewer stay as they are.
 */
function stem(word: string): string {
  let stemmed = word;
  if (stemmed.length > 3 && stemmed.endsWith('s') && !/(ss|us|is)$/.test(stemmed)) stemmed = stemmed.slice(0, -1);
  if (stemmed.length > 3 && stemmed.endsWith('e')) stemmed = stemmed.slice(0, -1);
  if (stemmed.length > 3 && stemmed.endsWith('y')) stemmed = `${stemmed.slice(0, -1)}i`;
  return stemmed;
}
