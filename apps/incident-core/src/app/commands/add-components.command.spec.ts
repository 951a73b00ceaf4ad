import { newComponents } from './add-components.command';

describe('adding components to an incident', () => {
  it('adds only the components the incident does not have, in the order given, once each', () => {
    expect(newComponents(['a', 'b'], ['b', 'c', 'c', 'd'])).toEqual(['c', 'd']);
    expect(newComponents(['a'], ['a'])).toEqual([]);
  });
});
