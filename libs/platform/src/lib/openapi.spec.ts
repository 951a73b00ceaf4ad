import { operationsWithoutSummary } from './openapi';

describe('operationsWithoutSummary', () => {
  it('names each operation with no summary or a blank one, and nothing else', () => {
    const document = {
      paths: {
        '/api/v1/incidents': { get: { summary: 'List incidents' }, post: { responses: {} }, parameters: [] },
        '/api/v1/incidents/{id}': { get: { summary: '  ' } },
      },
    };
    expect(operationsWithoutSummary(document)).toEqual(['POST /api/v1/incidents', 'GET /api/v1/incidents/{id}']);
  });
});
