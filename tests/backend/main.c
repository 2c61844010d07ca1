/*
 * main.c: tests/backend/check_backend, the backend conformance suite.
 *
 * Runs every aspect's suite (one file each, see betest.h) against the
 * backend COP_TEST_URI names, calling the backend's methods directly.
 */
#include <stdlib.h>

#include "betest.h"

int main(void)
{
	SRunner *sr = srunner_create(bt_records_suite());
	int failed;

	srunner_add_suite(sr, bt_txn_suite());
	srunner_add_suite(sr, bt_listing_suite());
	srunner_add_suite(sr, bt_visibility_suite());
	srunner_add_suite(sr, bt_search_suite());
	srunner_add_suite(sr, bt_recognition_suite());
	srunner_add_suite(sr, bt_fault_suite());
	srunner_add_suite(sr, bt_moderation_suite());
	srunner_add_suite(sr, bt_digest_suite());
	srunner_add_suite(sr, bt_links_suite());
	srunner_add_suite(sr, bt_privacy_suite());
	srunner_add_suite(sr, bt_export_suite());
	srunner_add_suite(sr, bt_funding_suite());
	srunner_add_suite(sr, bt_events_suite());
	srunner_add_suite(sr, bt_tags_suite());
	srunner_add_suite(sr, bt_health_suite());
	srunner_add_suite(sr, bt_mail_suite());
	srunner_add_suite(sr, bt_bulk_suite());
	srunner_add_suite(sr, bt_core_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
