export * from './identity';
export * from './tenancy';
export * from './audit';
export * from './catalog';
export * from './sales';
export * from './agent';
export * from './whatsapp';
