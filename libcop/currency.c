/*
 * currency.c: the active ISO 4217 currencies and their minor units
 * (include/cop/funding.h), and amounts written in major units.
 *
 * The table is ISO 4217 "list one" (current currency and funds codes),
 * as published by its maintenance agency, SIX Financial Information
 * (https://www.six-group.com/en/products-services/financial-information/
 * data-standards.html), with each code's minor unit: the codes whose
 * minor unit is "N.A." (gold, silver, platinum, palladium, the SDR, the
 * bond market units, the testing code XTS and XXX, "no currency") have
 * no amount in minor units and are left out, as are the withdrawn codes
 * of list three.  Written once, here; docs/funding.md says how to
 * change it when the agency amends the list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "cop/funding.h"

/* Codes in alphabetical order (bsearch), each with its exponent. */
static const struct currency {
	char code[4];
	unsigned char exp;
} currencies[] = {
	{ "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 },
	{ "AOA", 2 }, { "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 },
	{ "BAM", 2 }, { "BBD", 2 }, { "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 },
	{ "BIF", 0 }, { "BMD", 2 }, { "BND", 2 }, { "BOB", 2 }, { "BOV", 2 },
	{ "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 }, { "BYN", 2 },
	{ "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 },
	{ "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 },
	{ "COU", 2 }, { "CRC", 2 }, { "CUP", 2 }, { "CVE", 2 }, { "CZK", 2 },
	{ "DJF", 0 }, { "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 }, { "EGP", 2 },
	{ "ERN", 2 }, { "ETB", 2 }, { "EUR", 2 }, { "FJD", 2 }, { "FKP", 2 },
	{ "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 }, { "GMD", 2 },
	{ "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 }, { "HNL", 2 },
	{ "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 }, { "INR", 2 },
	{ "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 }, { "JOD", 3 },
	{ "JPY", 0 }, { "KES", 2 }, { "KGS", 2 }, { "KHR", 2 }, { "KMF", 0 },
	{ "KPW", 2 }, { "KRW", 0 }, { "KWD", 3 }, { "KYD", 2 }, { "KZT", 2 },
	{ "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 }, { "LRD", 2 }, { "LSL", 2 },
	{ "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 }, { "MKD", 2 },
	{ "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 },
	{ "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 }, { "MYR", 2 },
	{ "MZN", 2 }, { "NAD", 2 }, { "NGN", 2 }, { "NIO", 2 }, { "NOK", 2 },
	{ "NPR", 2 }, { "NZD", 2 }, { "OMR", 3 }, { "PAB", 2 }, { "PEN", 2 },
	{ "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 }, { "PLN", 2 }, { "PYG", 0 },
	{ "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 }, { "RWF", 0 },
	{ "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 },
	{ "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 }, { "SOS", 2 }, { "SRD", 2 },
	{ "SSP", 2 }, { "STN", 2 }, { "SVC", 2 }, { "SYP", 2 }, { "SZL", 2 },
	{ "THB", 2 }, { "TJS", 2 }, { "TMT", 2 }, { "TND", 3 }, { "TOP", 2 },
	{ "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 }, { "TZS", 2 }, { "UAH", 2 },
	{ "UGX", 0 }, { "USD", 2 }, { "USN", 2 }, { "UYI", 0 }, { "UYU", 2 },
	{ "UYW", 4 }, { "UZS", 2 }, { "VED", 2 }, { "VES", 2 }, { "VND", 0 },
	{ "VUV", 0 }, { "WST", 2 }, { "XAF", 0 }, { "XCD", 2 }, { "XCG", 2 },
	{ "XOF", 0 }, { "XPF", 0 }, { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 },
	{ "ZWG", 2 },
};

static int currency_cmp(const void *key, const void *elt)
{
	return strcmp(key, ((const struct currency *)elt)->code);
}

int cop_currency_exponent(const char *code)
{
	const struct currency *c;

	if (!code || strlen(code) != 3)
		return -1;
	c = bsearch(code, currencies, sizeof(currencies) / sizeof(currencies[0]),
		sizeof(currencies[0]), currency_cmp);
	return c ? c->exp : -1;
}

int cop_amount_parse(int64_t *out, const char *text, const char *currency)
{
	int exp = cop_currency_exponent(currency), frac = 0, seen = 0;
	const char *p;
	int64_t v = 0;

	if (out)
		*out = 0;
	if (!out || !text || exp < 0)
		return COP_EINVAL;
	for (p = text; *p >= '0' && *p <= '9'; p++, seen++)
		if ((v = v * 10 + (*p - '0')) > COP_FUND_AMOUNT_MAX)
			return COP_EINVAL;
	if (*p == '.') {
		if (!p[1])
			return COP_EINVAL;
		for (p++; *p >= '0' && *p <= '9'; p++, frac++)
			if (frac >= exp || (v = v * 10 + (*p - '0')) >
			    COP_FUND_AMOUNT_MAX)
				return COP_EINVAL;
	}
	if (*p || !seen)
		return COP_EINVAL;
	for (; frac < exp; frac++)
		if ((v *= 10) > COP_FUND_AMOUNT_MAX)
			return COP_EINVAL;
	if (v <= 0)
		return COP_EINVAL;
	*out = v;
	return COP_OK;
}

int cop_amount_format(char *buf, size_t n, int64_t minor, const char *currency)
{
	int exp = cop_currency_exponent(currency), len;
	uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	uint64_t unit = 1;
	int i;

	if (!buf || exp < 0)
		return -1;
	for (i = 0; i < exp; i++)
		unit *= 10;
	if (exp)
		len = snprintf(buf, n, "%s%llu.%0*llu", minor < 0 ? "-" : "",
			(unsigned long long)(a / unit), exp,
			(unsigned long long)(a % unit));
	else
		len = snprintf(buf, n, "%s%llu", minor < 0 ? "-" : "",
			(unsigned long long)a);
	return len < 0 || (size_t)len >= n ? -1 : len;
}
