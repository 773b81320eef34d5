import { cardsJsonSchemaDocument } from '../../model/machine-views.ts';

export function GET() {
  return Response.json(cardsJsonSchemaDocument());
}
