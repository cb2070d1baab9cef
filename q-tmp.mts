import { PGlite } from "@electric-sql/pglite";
const db = new PGlite(".data/e2e");
const r = await db.query(`select u.username, s.namespace, right(s.name, 20) as name, s.status, s.source from credit_requirement_statuses s join users u on u.id = s.user_id where u.username like 'cfail%' order by s.id`);
console.log(r.rows);
const q = await db.query(`select r.namespace, right(r.name, 20) as name, r."order" from credit_requirements r join courses c on c.id = r.course_id where c.course_key like '%Credit%' order by r.id`);
console.log(q.rows);
