/*
 * sql/mbox_sql.h: the statements of the mail-archive table
 * (sys/backend.h's cop_backend_mbox: members' email addresses and the
 * messages imported), entries of recognition_sql.h's statement array,
 * run through rop() by sql/mbox.c.  Not installed.
 */
#ifndef COP_SQL_MBOX_SQL_H
#define COP_SQL_MBOX_SQL_H

#define COP_SQL_MBOX_STMTS \
	[COP_ROP_MBOX_EMAIL_GET] = { "cop_r_mbox_email_get", \
		"SELECT member_id FROM cop_member_email WHERE address = $1" }, \
	[COP_ROP_MBOX_EMAIL_INS] = { "cop_r_mbox_email_ins", \
		"INSERT INTO cop_member_email (address, member_id, is_primary," \
		" verified, created) VALUES ($1, $2, $3, $4, $5)" }, \
	[COP_ROP_MBOX_MSG_GET] = { "cop_r_mbox_msg_get", \
		"SELECT contribution_id FROM cop_mail_message" \
		" WHERE message_id = $1" }, \
	[COP_ROP_MBOX_MSG_INS] = { "cop_r_mbox_msg_ins", \
		"INSERT INTO cop_mail_message (message_id, community_id," \
		" contribution_id, created) VALUES ($1, $2, $3, $4)" },

#endif
