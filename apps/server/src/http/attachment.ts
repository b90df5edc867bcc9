// A download: the file name in Content-Disposition, as ASCII for old browsers and as UTF-8 (RFC 6266).
import type { FastifyReply } from 'fastify';

export function attachment(reply: FastifyReply, fileName: string, contentType: string): FastifyReply {
  const ascii = fileName.replace(/[^A-Za-z0-9._+-]/g, '_');
  return reply
    .type(contentType)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    );
}
