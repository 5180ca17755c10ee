import { EntitySchema } from 'typeorm';
import type { NotificationRule } from './notification.types.js';
import type { ContactRecord } from './notifications.repository.js';

/** A contact as its row holds it: removed ones keep their row (their messages name them) with the time of removal. */
export interface ContactRow extends ContactRecord {
  deletedAt: Date | null;
}

/** `unit_contacts` as TypeORM maps it (migrations 23, 24 own the table). */
export const UnitContactEntity = new EntitySchema<ContactRow>({
  name: 'UnitContact',
  tableName: 'unit_contacts',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    unitId: { type: 'uuid', name: 'unit_id', nullable: true },
    name: { type: 'text' },
    mobile: { type: 'text' },
    role: { type: 'text' },
    createdAt: { type: 'timestamptz', name: 'created_at' },
    deletedAt: { type: 'timestamptz', name: 'deleted_at', nullable: true },
  },
});

/** `notification_rules` as TypeORM maps it: one row a trigger (migration 23). */
export const NotificationRuleEntity = new EntitySchema<NotificationRule>({
  name: 'NotificationRule',
  tableName: 'notification_rules',
  columns: {
    trigger: { type: 'text', primary: true },
    enabled: { type: 'boolean' },
    channels: { type: 'text', array: true },
    daysBefore: { type: 'int', name: 'days_before', nullable: true },
    smsTemplateId: { type: 'text', name: 'sms_template_id' },
    updatedAt: { type: 'timestamptz', name: 'updated_at' },
  },
});
