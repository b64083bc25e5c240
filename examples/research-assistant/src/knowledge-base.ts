/** The assistant's small knowledge base: what `search` can find, without a network. */
export const articles: Readonly<Record<string, { readonly summary: string; readonly depthMeters: number }>> = {
  'mariana trench': {
    summary: 'The Mariana Trench in the western Pacific is the deepest oceanic trench on Earth.',
    depthMeters: 10_994,
  },
  'puerto rico trench': {
    summary: 'The Puerto Rico Trench, on the boundary of the Caribbean Sea and the Atlantic, is the deepest point of the Atlantic Ocean.',
    depthMeters: 8_376,
  },
  'java trench': {
    summary: 'The Java (Sunda) Trench is the deepest point of the Indian Ocean.',
    depthMeters: 7_290,
  },
};
