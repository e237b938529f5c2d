import { IdParams } from '@cchc/domain/api/common';
import {
  CreateUserInput,
  ListUsersQuery,
  ResetPasswordInput,
  UpdateUserInput,
  UserView,
} from '@cchc/domain/api/users';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/authenticate';
import type { UsersService } from './users.service';

export const usersRoutes =
  (users: UsersService): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['users'];
    app.get(
      '/users',
      {
        schema: {
          tags,
          summary: 'Danh sách người dùng',
          querystring: ListUsersQuery,
          response: { 200: z.array(UserView) },
        },
      },
      (req) => users.listUsers(ctxOf(req), req.query),
    );
    app.post(
      '/users',
      { schema: { tags, summary: 'Thêm người dùng', body: CreateUserInput, response: { 201: UserView } } },
      async (req, reply) => reply.status(201).send(await users.createUser(ctxOf(req), req.body)),
    );
    app.get(
      '/users/:id',
      { schema: { tags, summary: 'Chi tiết người dùng', params: IdParams, response: { 200: UserView } } },
      (req) => users.getUser(ctxOf(req), req.params.id),
    );
    app.patch(
      '/users/:id',
      {
        schema: {
          tags,
          summary: 'Sửa người dùng',
          params: IdParams,
          body: UpdateUserInput,
          response: { 200: UserView },
        },
      },
      (req) => users.updateUser(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/users/:id/deactivate',
      { schema: { tags, summary: 'Vô hiệu hoá tài khoản', params: IdParams, response: { 200: UserView } } },
      (req) => users.setUserActive(ctxOf(req), req.params.id, false),
    );
    app.post(
      '/users/:id/activate',
      { schema: { tags, summary: 'Kích hoạt lại tài khoản', params: IdParams, response: { 200: UserView } } },
      (req) => users.setUserActive(ctxOf(req), req.params.id, true),
    );
    app.post(
      '/users/:id/reset-password',
      {
        schema: {
          tags,
          summary: 'Đặt lại mật khẩu',
          params: IdParams,
          body: ResetPasswordInput,
          response: { 200: UserView },
        },
      },
      (req) => users.resetPassword(ctxOf(req), req.params.id, req.body.newPassword),
    );
  };
