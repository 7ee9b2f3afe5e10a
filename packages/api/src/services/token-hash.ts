import { createHash, randomBytes } from "node:crypto";

/** A new bearer secret: 32 random bytes, base64url (43 characters). Shown to its owner once, never stored. */
export const newSecretToken = () => randomBytes(32).toString("base64url");

/** What is stored instead of a token: its SHA-256, so a database leak yields nothing usable. */
export const hashToken = (token: string): Buffer => createHash("sha256").update(token, "utf8").digest();
