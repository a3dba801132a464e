// autocannon ships no types; the bench uses its programmatic API loosely.
declare module 'autocannon';
