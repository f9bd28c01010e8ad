// Plain-JavaScript entry of a fuzz worker thread: registers tsx's loader, then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
