/** Units: parsing, internal unit system, dimensions. */
export * from './dimension.js';
export * from './parse-unit.js';
export * from './quantity.js';
