// The tables TypeORM maps, for the plain reads and writes its repositories do well; the problem list, the transition
// path and the figures keep their SQL (measured: bench/), typed from the problem's one shape (ISSUE_SHAPE).
import { NotificationRuleEntity, UnitContactEntity } from '../notifications/notification.entities.js';
import { UnitEntity } from '../units/unit.entity.js';

export const ENTITIES = [UnitEntity, UnitContactEntity, NotificationRuleEntity];
