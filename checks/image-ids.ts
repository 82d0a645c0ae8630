// Image IDs as opaque keys. Podman writes them without `sha256:` in its history, events and CLI output,
// Docker with it; Docker 29's containerd image store uses the digest of the image's index or manifest
// instead of its config's. So an ID is never parsed or compared with a digest: only with another ID.

/** The ID as a key for sets and maps: without the algorithm prefix, lower case. */
export const idKey = (id: string | null | undefined): string => (id ?? '').trim().toLowerCase().replace(/^sha256:/, '');

/** True when both name the same image; an absent ID is the same as nothing. */
export const sameImageId = (a: string | null | undefined, b: string | null | undefined): boolean => idKey(a) !== '' && idKey(a) === idKey(b);

/**
 * The reference to ask the engine for an image by its ID: `sha256:<hex>`. A bare 64-hex ID of an image that
 * is gone is refused by Podman's compat API as a name ("cannot specify 64-byte hexadecimal strings", HTTP
 * 500) where Docker answers 404; with the prefix both answer 404.
 */
export const idRef = (id: string): string => `sha256:${idKey(id)}`;
