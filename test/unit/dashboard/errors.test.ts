import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../app/lib/api';
import { describeError, fieldErrorsOf } from '../../../app/lib/errors';

const conflict = (message: string) => new ApiError(409, 'CONFLICT', message, undefined, 'req_1');

describe('API errors in Spanish, on the field they are about', () => {
  it('a taken SKU reads in Spanish and marks the variant that holds it', () => {
    const error = conflict('SKU REM-NEG-M already exists in this workspace');
    expect(describeError(error)).toBe('Ya hay un producto con el SKU REM-NEG-M en esta tienda. Elegí otro.');
    const values = { name: 'Remera', variants: [{ sku: 'REM-NEG-S' }, { sku: 'rem-neg-m' }] };
    expect(fieldErrorsOf(error, ['name', 'variants.*.sku'], values)).toEqual({
      'variants.1.sku': 'Ya hay un producto con el SKU REM-NEG-M en esta tienda. Elegí otro.',
    });
  });

  it('a phone another customer has marks the phone field, nested or not', () => {
    const error = conflict('Another customer already has this phone number');
    expect(Object.keys(fieldErrorsOf(error, ['name', 'phone'], {}))).toEqual(['phone']);
    expect(Object.keys(fieldErrorsOf(error, ['customer.name', 'customer.phone'], {}))).toEqual(['customer.phone']);
  });

  it("a validation error marks each field the server's issues name, in Spanish", () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'Invalid body: email: Invalid email address', [
      { path: 'email', code: 'invalid_format', message: 'Invalid email address' },
      { path: 'name', code: 'too_big', message: 'Too big: expected string to have <=200 characters' },
    ]);
    expect(fieldErrorsOf(error, ['name', 'email'], {})).toEqual({
      email: 'El formato no es válido.',
      name: 'Es demasiado largo o grande.',
    });
    expect(describeError(error)).toBe('Revisá los datos: El formato no es válido.');
  });

  it('an older validation message without issues still marks its field', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'Invalid body: variants.0.sku: Too small');
    expect(Object.keys(fieldErrorsOf(error, ['variants.*.sku'], {}))).toEqual(['variants.0.sku']);
  });

  it('a known code with an unknown message gets that code’s Spanish sentence', () => {
    expect(describeError(new ApiError(403, 'FORBIDDEN', 'Missing permission orders:create'))).toBe(
      'No tenés permiso para esta acción.',
    );
    expect(describeError(new ApiError(409, 'INVALID_TRANSITION', 'Cannot move SHIPPED → DRAFT'))).toBe(
      'El pedido ya cambió de estado: actualizá la página.',
    );
  });

  it('an unknown code says so in Spanish with the request id, never the English message', () => {
    const text = describeError(new ApiError(500, 'INTERNAL_ERROR', 'Internal error', undefined, 'req_01ABC'));
    expect(text).toBe('Ocurrió un error inesperado (500). Si se repite, pasale este código a soporte: req_01ABC');
    expect(describeError(new ApiError(418, 'TEAPOT', 'I am a teapot'))).toBe('Ocurrió un error inesperado (418).');
  });
});
