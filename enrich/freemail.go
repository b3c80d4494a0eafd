package enrich

import "strings"

// freeMailDomains are mailbox providers anyone can sign up with. An address at one of
// them says nothing about the person's employer, so it never yields a company domain.
var freeMailDomains = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "yahoo.com": true, "yahoo.co.uk": true,
	"yahoo.fr": true, "yahoo.de": true, "yahoo.es": true, "yahoo.it": true, "ymail.com": true,
	"rocketmail.com": true, "hotmail.com": true, "hotmail.co.uk": true, "hotmail.fr": true,
	"hotmail.de": true, "hotmail.it": true, "hotmail.es": true, "outlook.com": true,
	"outlook.fr": true, "outlook.de": true, "live.com": true, "live.fr": true, "live.de": true,
	"live.co.uk": true, "msn.com": true, "aol.com": true, "aim.com": true, "icloud.com": true,
	"me.com": true, "mac.com": true, "proton.me": true, "protonmail.com": true, "pm.me": true,
	"tutanota.com": true, "tuta.io": true, "gmx.com": true, "gmx.net": true, "gmx.de": true,
	"gmx.fr": true, "web.de": true, "t-online.de": true, "freenet.de": true, "mail.com": true,
	"mail.ru": true, "yandex.ru": true, "yandex.com": true, "rambler.ru": true, "zoho.com": true,
	"zohomail.com": true, "fastmail.com": true, "fastmail.fm": true, "hey.com": true,
	"orange.fr": true, "wanadoo.fr": true, "free.fr": true, "sfr.fr": true, "laposte.net": true,
	"libero.it": true, "virgilio.it": true, "tiscali.it": true, "btinternet.com": true,
	"sky.com": true, "virginmedia.com": true, "comcast.net": true, "verizon.net": true,
	"att.net": true, "sbcglobal.net": true, "bellsouth.net": true, "cox.net": true,
	"qq.com": true, "163.com": true, "126.com": true, "sina.com": true, "naver.com": true,
	"daum.net": true, "seznam.cz": true, "wp.pl": true, "o2.pl": true, "interia.pl": true,
	"onet.pl": true, "bluewin.ch": true, "telenet.be": true, "skynet.be": true,
	"ziggo.nl": true, "kpnmail.nl": true, "hushmail.com": true, "inbox.com": true,
	"rediffmail.com": true, "uol.com.br": true, "bol.com.br": true, "terra.com.br": true,
}

// IsFreeMail reports whether domain belongs to a free mailbox provider (gmail.com,
// outlook.com, gmx.de ...), whose addresses say nothing about an employer.
func IsFreeMail(domain string) bool {
	return freeMailDomains[strings.ToLower(strings.TrimSuffix(domain, "."))]
}
