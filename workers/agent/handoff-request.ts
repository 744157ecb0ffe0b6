/**
 * Whether a customer asks for a person. Shared by the conversation (who caused a handoff, for its
 * history) and the offline agent (which hands off on it); the model decides for itself with Claude.
 */
import { fold } from './tools/words';

const HANDOFF_REQUEST =
  /\b(?:hablar|comunicarme|contactar(?:me)?|atender|atienda|atiende|pasame|pasarme|derivame|derivar)\b.*\b(?:persona|humano|humana|alguien|asesor|asesora|vendedor|vendedora|operador|operadora|encargado|encargada|dueno|duena)\b|\bquiero (?:una persona|un humano|alguien|un asesor|una asesora|un vendedor|una vendedora)\b|\batencion humana\b|\bcon un humano\b/;

/** The customer asks to talk to a person ("quiero hablar con alguien", "pasame con un asesor"). */
export const asksForPerson = (text: string): boolean => HANDOFF_REQUEST.test(fold(text));
