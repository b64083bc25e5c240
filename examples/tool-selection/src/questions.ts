import type { ConversationMessage } from '@llmcompiler/core';
import type { ScriptedTask } from '@llmcompiler/testing';

/** A question the example asks, with the turns before it, and what the simulated model plans and answers. */
export interface ExampleQuestion {
  /** The conversation's earlier turns: empty for a question alone. */
  readonly history: readonly ConversationMessage[];
  readonly question: string;
  /** The simulated model's plan: the tools a good plan calls. */
  readonly plan: readonly ScriptedTask[];
  readonly answer: string;
}

/** Questions over the catalogue's services and the memory server; the last is a follow-up in a conversation. */
export const QUESTIONS: readonly ExampleQuestion[] = [
  {
    history: [],
    question: 'What is the weather forecast for Lisbon for the next 3 days? And convert 250 EUR to USD at the current rate.',
    plan: [
      { tool: 'catalogue_weather_get_forecast', args: { location: 'Lisbon', days: 3 } },
      { tool: 'catalogue_currency_convert', args: { amount: 250, from: 'EUR', to: 'USD' } },
    ],
    answer: 'Rain on Thursday in Lisbon; 250 EUR is about 270 USD.',
  },
  {
    history: [],
    question: 'Add Ana to my knowledge graph as a person who prefers morning meetings.',
    plan: [
      {
        tool: 'memory_create_entities',
        args: { entities: [{ name: 'Ana', entityType: 'person', observations: ['prefers morning meetings'] }] },
      },
    ],
    answer: 'Ana is in your knowledge graph now.',
  },
  {
    history: [
      { role: 'user', content: 'Which invoices of Globex are still open?' },
      { role: 'assistant', content: 'Two: INV-7 and INV-9.' },
    ],
    question: 'And for Initech?',
    plan: [{ tool: 'catalogue_billing_list_invoices', args: { customer: 'Initech', status: 'open' } }],
    answer: 'Initech has one open invoice, INV-12.',
  },
];
