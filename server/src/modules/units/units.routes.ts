import { IdParams } from '@cchc/domain/api/common';
import {
  CreateUnitGroupInput,
  CreateUnitInput,
  ListUnitsQuery,
  UnitGroupView,
  UnitView,
  UpdateUnitGroupInput,
  UpdateUnitInput,
} from '@cchc/domain/api/organisation';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/authenticate';
import type { UnitsService } from './units.service';

export const unitsRoutes =
  (units: UnitsService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['organisation'];
    app.get(
      '/units',
      {
        schema: {
          tags,
          summary: 'Danh sách đơn vị',
          querystring: ListUnitsQuery,
          response: { 200: z.array(UnitView) },
        },
      },
      (req) => units.listUnits(ctxOf(req), req.query),
    );
    app.post(
      '/units',
      { schema: { tags, summary: 'Thêm đơn vị', body: CreateUnitInput, response: { 201: UnitView } } },
      async (req, reply) => reply.status(201).send(await units.createUnit(ctxOf(req), req.body)),
    );
    app.get(
      '/units/:id',
      { schema: { tags, summary: 'Chi tiết đơn vị', params: IdParams, response: { 200: UnitView } } },
      (req) => units.getUnit(ctxOf(req), req.params.id),
    );
    app.patch(
      '/units/:id',
      {
        schema: {
          tags,
          summary: 'Sửa đơn vị',
          params: IdParams,
          body: UpdateUnitInput,
          response: { 200: UnitView },
        },
      },
      (req) => units.updateUnit(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/units/:id/deactivate',
      { schema: { tags, summary: 'Ngừng sử dụng đơn vị', params: IdParams, response: { 200: UnitView } } },
      (req) => units.setUnitActive(ctxOf(req), req.params.id, false),
    );
    app.post(
      '/units/:id/activate',
      { schema: { tags, summary: 'Sử dụng lại đơn vị', params: IdParams, response: { 200: UnitView } } },
      (req) => units.setUnitActive(ctxOf(req), req.params.id, true),
    );

    app.get(
      '/unit-groups',
      { schema: { tags, summary: 'Danh sách khối', response: { 200: z.array(UnitGroupView) } } },
      (req) => units.listGroups(ctxOf(req)),
    );
    app.post(
      '/unit-groups',
      {
        schema: { tags, summary: 'Thêm khối', body: CreateUnitGroupInput, response: { 201: UnitGroupView } },
      },
      async (req, reply) => reply.status(201).send(await units.createGroup(ctxOf(req), req.body)),
    );
    app.patch(
      '/unit-groups/:id',
      {
        schema: {
          tags,
          summary: 'Sửa khối',
          params: IdParams,
          body: UpdateUnitGroupInput,
          response: { 200: UnitGroupView },
        },
      },
      (req) => units.updateGroup(ctxOf(req), req.params.id, req.body),
    );
  };
