/** Release channels first, in promotion order; other lanes after them in the order given. */
const PIPELINE = ["testing", "prod"];

export function pipelineOrderBy<T>(lanes: readonly T[], instanceOf: (lane: T) => string): T[] {
  const rank = (lane: T) => {
    const index = PIPELINE.indexOf(instanceOf(lane));
    return index < 0 ? PIPELINE.length : index;
  };
  return lanes
    .map((lane, index) => ({ lane, index }))
    .sort((a, b) => rank(a.lane) - rank(b.lane) || a.index - b.index)
    .map(({ lane }) => lane);
}
