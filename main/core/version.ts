// Kept equal to package.json's version by a test; reading package.json at run time would differ between src and dist.
export const VERSION = '0.1.0';
