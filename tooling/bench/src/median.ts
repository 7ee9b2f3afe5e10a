/** The middle value of a list of measurements (the upper one of the two middles when there is an even number). */
export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
