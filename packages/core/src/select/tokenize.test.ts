import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('splits camelCase, PascalCase, snake_case, kebab-case and dotted names into lower-case words', () => {
    expect(tokenize('getWeatherForecast')).toEqual(['weather', 'forecast']);
    expect(tokenize('get_weather_forecast')).toEqual(['weather', 'forecast']);
    expect(tokenize('weather-forecast.fetch')).toEqual(['weather', 'forecast', 'fetch']);
    expect(tokenize('HTTPServerStatus')).toEqual(['http', 'server', 'status']);
    expect(tokenize('parseJSON2XML')).toEqual(['pars', 'json2', 'xml']);
  });

  it('drops common English words, and reduces plural and singular to one stem', () => {
    expect(tokenize('What are the reviews of these movies?')).toEqual(['review', 'movi']);
    expect(tokenize('movie review')).toEqual(['movi', 'review']);
    expect(tokenize('cities city boxes box addresses address bus analysis use')).toEqual(['citi', 'citi', 'box', 'box', 'address', 'address', 'bus', 'analysis', 'use']);
  });

  it('keeps letters and digits of any script', () => {
    expect(tokenize('Météo à Zürich 2024')).toEqual(['météo', 'à', 'zürich', '2024']);
    expect(tokenize('東京 weather')).toEqual(['東京', 'weather']);
  });
});
