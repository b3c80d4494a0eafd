package lead

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paceline/paceline"
)

// Seniority words, by the level they say. Where a title holds words of several levels
// the highest wins ("Senior Director" is a director, "Founder & CEO" an owner), except
// that intern and "assistant to" beat everything ("Intern, Office of the CEO").
var seniorityWords = map[string]paceline.Seniority{
	"intern": paceline.SeniorityIntern, "internship": paceline.SeniorityIntern,
	"stagiaire": paceline.SeniorityIntern, "trainee": paceline.SeniorityIntern,
	"werkstudent": paceline.SeniorityIntern, "apprentice": paceline.SeniorityIntern,
	"apprenti": paceline.SeniorityIntern, "alternant": paceline.SeniorityIntern,
	"praktikant": paceline.SeniorityIntern, "becario": paceline.SeniorityIntern,
	"student": paceline.SeniorityIntern,

	"founder": paceline.SeniorityOwner, "cofounder": paceline.SeniorityOwner,
	"owner": paceline.SeniorityOwner, "fondateur": paceline.SeniorityOwner,
	"fondatrice": paceline.SeniorityOwner, "cofondateur": paceline.SeniorityOwner,
	"gründer": paceline.SeniorityOwner, "mitgründer": paceline.SeniorityOwner,
	"fundador": paceline.SeniorityOwner, "proprietor": paceline.SeniorityOwner,

	"ceo": paceline.SeniorityCLevel, "cto": paceline.SeniorityCLevel, "cfo": paceline.SeniorityCLevel,
	"coo": paceline.SeniorityCLevel, "cmo": paceline.SeniorityCLevel, "cio": paceline.SeniorityCLevel,
	"ciso": paceline.SeniorityCLevel, "cpo": paceline.SeniorityCLevel, "cro": paceline.SeniorityCLevel,
	"cso": paceline.SeniorityCLevel, "cdo": paceline.SeniorityCLevel, "chro": paceline.SeniorityCLevel,
	"cco": paceline.SeniorityCLevel, "cxo": paceline.SeniorityCLevel, "chief": paceline.SeniorityCLevel,
	"president": paceline.SeniorityCLevel, "pdg": paceline.SeniorityCLevel,
	"geschäftsführer": paceline.SeniorityCLevel, "geschaftsfuhrer": paceline.SeniorityCLevel,

	"vp": paceline.SeniorityVP, "svp": paceline.SeniorityVP, "evp": paceline.SeniorityVP,
	"avp": paceline.SeniorityVP, "vicepresident": paceline.SeniorityVP,

	"head": paceline.SeniorityHead, "leiter": paceline.SeniorityHead, "leiterin": paceline.SeniorityHead,

	"director": paceline.SeniorityDirector, "directeur": paceline.SeniorityDirector,
	"directrice": paceline.SeniorityDirector, "direktor": paceline.SeniorityDirector,
	"directora": paceline.SeniorityDirector, "directorate": paceline.SeniorityDirector,

	"manager": paceline.SeniorityManager, "supervisor": paceline.SeniorityManager,
	"responsable": paceline.SeniorityManager, "gerente": paceline.SeniorityManager,
	"teamleiter": paceline.SeniorityManager, "teamlead": paceline.SeniorityManager,
	"mgr": paceline.SeniorityManager,

	"senior": paceline.SenioritySenior, "sr": paceline.SenioritySenior,
	"principal": paceline.SenioritySenior, "staff": paceline.SenioritySenior,
	"expert": paceline.SenioritySenior, "lead": paceline.SenioritySenior,

	"junior": paceline.SeniorityEntry, "jr": paceline.SeniorityEntry,
	"associate": paceline.SeniorityEntry, "assistant": paceline.SeniorityEntry,
	"graduate": paceline.SeniorityEntry,
}

// ownerNotOwner are the words before "owner" that make it a job, not ownership.
var ownerNotOwner = map[string]bool{"product": true, "process": true, "business": true, "service": true, "data": true, "system": true, "risk": true}

// partnerRanks are the words before a final "partner" that make it a partnership rank
// rather than a role ("Talent Partner", "HR Business Partner").
var partnerRanks = map[string]bool{"managing": true, "senior": true, "general": true, "founding": true,
	"equity": true, "name": true, "venture": true, "executive": true, "associate": true, "cofounder": true}

// seniorityRank orders the levels; a lower rank wins.
var seniorityRank = map[paceline.Seniority]int{
	paceline.SeniorityIntern: 0, paceline.SeniorityOwner: 1, paceline.SeniorityCLevel: 2,
	paceline.SeniorityVP: 3, paceline.SeniorityHead: 4, paceline.SeniorityDirector: 5,
	paceline.SeniorityManager: 6, paceline.SenioritySenior: 7, paceline.SeniorityEntry: 8,
}

// departmentWords maps a title word to its department with a rank: on a title naming
// several, the lowest rank wins, so specific words beat generic ones ("Sales Engineer"
// is sales, "Product Designer" design, "Data Engineer" data).
var departmentWords = map[string]deptRule{
	"ceo": {"executive", 1}, "founder": {"executive", 1}, "cofounder": {"executive", 1},
	"owner": {"executive", 3}, "president": {"executive", 2}, "pdg": {"executive", 1},
	"geschäftsführer": {"executive", 1}, "fondateur": {"executive", 1}, "fondatrice": {"executive", 1},

	"hr": {"hr", 1}, "recruiter": {"hr", 1}, "recruiting": {"hr", 1}, "recruitment": {"hr", 1},
	"talent": {"hr", 1}, "chro": {"hr", 1}, "rh": {"hr", 1}, "people": {"hr", 2}, "payroll": {"hr", 2},
	"sourcer": {"hr", 1}, "personalreferent": {"hr", 1},

	"sales": {"sales", 1}, "bdr": {"sales", 1}, "sdr": {"sales", 1}, "cro": {"sales", 1},
	"revenue": {"sales", 2}, "commercial": {"sales", 2}, "ventes": {"sales", 1}, "vente": {"sales", 1},
	"vertrieb": {"sales", 1}, "ventas": {"sales", 1}, "partnerships": {"sales", 2},
	"salesforce": {"it", 3},

	"marketing": {"marketing", 1}, "growth": {"marketing", 2}, "brand": {"marketing", 2},
	"content": {"marketing", 2}, "seo": {"marketing", 1}, "cmo": {"marketing", 1},
	"communications": {"marketing", 2}, "communication": {"marketing", 2}, "pr": {"marketing", 2},
	"copywriter": {"marketing", 1}, "social": {"marketing", 3}, "events": {"marketing", 3},

	"finance": {"finance", 1}, "financial": {"finance", 1}, "cfo": {"finance", 1},
	"accountant": {"finance", 1}, "accounting": {"finance", 1}, "controller": {"finance", 1},
	"treasury": {"finance", 1}, "comptable": {"finance", 1}, "tax": {"finance", 2},
	"fp&a": {"finance", 1}, "fpa": {"finance", 1}, "audit": {"finance", 2}, "auditor": {"finance", 2},

	"operations": {"operations", 2}, "coo": {"operations", 1}, "ops": {"operations", 3},
	"logistics": {"operations", 1}, "procurement": {"operations", 1}, "purchasing": {"operations", 1},
	"supply": {"operations", 2},

	"product": {"product", 3}, "cpo": {"product", 1},

	"design": {"design", 2}, "designer": {"design", 1}, "ux": {"design", 1}, "ui": {"design", 1},
	"creative": {"design", 2},

	"legal": {"legal", 1}, "counsel": {"legal", 1}, "lawyer": {"legal", 1}, "attorney": {"legal", 1},
	"compliance": {"legal", 2}, "paralegal": {"legal", 1}, "juriste": {"legal", 1}, "avocat": {"legal", 1},

	"it": {"it", 2}, "cio": {"it", 1}, "ciso": {"it", 1}, "sysadmin": {"it", 1}, "security": {"it", 2},
	"helpdesk": {"it", 1}, "infrastructure": {"it", 2}, "network": {"it", 3}, "cybersecurity": {"it", 1},

	"data": {"data", 2}, "analytics": {"data", 2}, "analyst": {"data", 4}, "scientist": {"data", 2},
	"ml": {"data", 2}, "ai": {"data", 3}, "bi": {"data", 2}, "cdo": {"data", 2},

	"engineer": {"engineering", 4}, "engineering": {"engineering", 4}, "developer": {"engineering", 3},
	"software": {"engineering", 3}, "devops": {"engineering", 2}, "sre": {"engineering", 2},
	"cto": {"engineering", 1}, "architect": {"engineering", 4}, "programmer": {"engineering", 3},
	"firmware": {"engineering", 3}, "qa": {"engineering", 3}, "fullstack": {"engineering", 3},
	"backend": {"engineering", 3}, "frontend": {"engineering", 3}, "ios": {"engineering", 3},
	"android": {"engineering", 3}, "ingénieur": {"engineering", 4}, "entwickler": {"engineering", 3},
	"desarrollador": {"engineering", 3}, "développeur": {"engineering", 3}, "developpeur": {"engineering", 3},

	"support": {"customer-success", 3}, "success": {"customer-success", 2},

	"teacher": {"education", 1}, "professor": {"education", 1}, "lecturer": {"education", 1},
	"nurse": {"healthcare", 1}, "physician": {"healthcare", 1}, "clinical": {"healthcare", 2},
	"consultant": {"consulting", 5}, "consulting": {"consulting", 5}, "advisor": {"consulting", 5},
}

// departmentPhrases are multi-word department cues, checked before single words.
var departmentPhrases = []struct {
	phrase string
	rule   deptRule
}{
	{" account executive ", deptRule{"sales", 0}},
	{" account manager ", deptRule{"sales", 0}},
	{" business development ", deptRule{"sales", 0}},
	{" key account ", deptRule{"sales", 0}},
	{" sales engineer ", deptRule{"sales", 0}},
	{" solutions engineer ", deptRule{"sales", 0}},
	{" customer success ", deptRule{"customer-success", 0}},
	{" customer service ", deptRule{"customer-success", 0}},
	{" customer experience ", deptRule{"customer-success", 0}},
	{" human resources ", deptRule{"hr", 0}},
	{" people operations ", deptRule{"hr", 0}},
	{" product manager ", deptRule{"product", 0}},
	{" product owner ", deptRule{"product", 0}},
	{" product management ", deptRule{"product", 0}},
	{" product marketing ", deptRule{"marketing", 0}},
	{" product designer ", deptRule{"design", 0}},
	{" product design ", deptRule{"design", 0}},
	{" demand generation ", deptRule{"marketing", 0}},
	{" information technology ", deptRule{"it", 0}},
	{" system administrator ", deptRule{"it", 0}},
	{" security engineer ", deptRule{"it", 0}},
	{" data engineer ", deptRule{"data", 0}},
	{" machine learning ", deptRule{"data", 0}},
	{" supply chain ", deptRule{"operations", 0}},
	{" managing director ", deptRule{"executive", 0}},
	{" general manager ", deptRule{"executive", 1}},
	{" art director ", deptRule{"design", 0}},
	{" engineering manager ", deptRule{"engineering", 0}},
}

type deptRule struct {
	dept string
	rank int
}

// ClassifyTitle reads a job title's seniority and department. It is a keyword
// heuristic in English, French, German and Spanish: a title with no level word is
// SeniorityEntry, one with no department word has an empty department.
func ClassifyTitle(title string) (paceline.Seniority, string) {
	toks := titleTokens(title)
	if len(toks) == 0 {
		return "", ""
	}
	padded := " " + strings.Join(toks, " ") + " "

	level, rank := paceline.SeniorityEntry, seniorityRank[paceline.SeniorityEntry]
	set := func(s paceline.Seniority) {
		if r := seniorityRank[s]; r < rank {
			level, rank = s, r
		}
	}
	dept, drank := "", 1<<30
	for i, t := range toks {
		if s, ok := seniorityWords[t]; ok {
			switch {
			case t == "owner" && i > 0 && ownerNotOwner[toks[i-1]]:
				continue // "Product Owner" is a role, not the owner of the business
			case t == "president" && i > 0 && toks[i-1] == "vice":
				s = paceline.SeniorityVP
			case t == "lead" && i == len(toks)-1 && len(toks) > 1:
				s = paceline.SeniorityManager // "Team Lead", "Tech Lead"; "Lead Engineer" is senior
			}
			set(s)
		}
		if t == "partner" && i == len(toks)-1 && (i == 0 || partnerRanks[toks[i-1]]) {
			set(paceline.SeniorityOwner) // "Managing Partner"; not "Talent Partner" or "Partner Manager"
		}
		if r, ok := departmentWords[t]; ok && r.rank < drank {
			dept, drank = r.dept, r.rank
		}
	}
	switch {
	case strings.Contains(padded, " managing director ") || strings.Contains(padded, " directeur général ") ||
		strings.Contains(padded, " directeur general ") || strings.Contains(padded, " director general "):
		set(paceline.SeniorityCLevel)
	case strings.Contains(padded, " executive director "):
		set(paceline.SeniorityDirector)
	case strings.Contains(padded, " chief of staff "):
		level, rank = paceline.SeniorityDirector, seniorityRank[paceline.SeniorityDirector]
	}
	if strings.Contains(padded, " assistant to ") || strings.Contains(padded, " executive assistant ") ||
		strings.Contains(padded, " assistant of ") || strings.Contains(padded, " assistante de ") {
		level = paceline.SeniorityEntry
	}
	for _, p := range departmentPhrases {
		if p.rule.rank < drank && strings.Contains(padded, p.phrase) {
			dept, drank = p.rule.dept, p.rule.rank
		}
	}
	return level, dept
}

// chiefOfficers are the long forms of C-level titles, the words between "chief" and
// "officer", by the acronym they stand for: "Chief Technology Officer" then reads as
// "CTO" does (c-level, engineering) instead of as a chief of no department.
var chiefOfficers = map[string]string{
	"executive": "ceo", "technology": "cto", "technical": "cto", "information": "cio",
	"information security": "ciso", "security": "ciso", "marketing": "cmo",
	"financial": "cfo", "finance": "cfo", "revenue": "cro", "operating": "coo",
	"operations": "coo", "people": "chro", "human resources": "chro", "product": "cpo",
	"data": "cdo",
}

// chiefOfficer reads a long C-level title at toks[i] ("chief", one or two words,
// "officer") and returns its acronym and how many tokens it spans.
func chiefOfficer(toks []string, i int) (string, int) {
	if toks[i] != "chief" {
		return "", 0
	}
	for n := 1; n <= 2 && i+n+1 < len(toks); n++ {
		if toks[i+n+1] != "officer" {
			continue
		}
		if acr, ok := chiefOfficers[strings.Join(toks[i+1:i+n+1], " ")]; ok {
			return acr, n + 2
		}
	}
	return "", 0
}

// titleTokens lower-cases a title and splits it into words, joining "co-founder",
// "vice-president" and "team lead" forms so each is one token, and reading the long
// forms of C-level titles as their acronyms.
func titleTokens(title string) []string {
	var b strings.Builder
	b.Grow(len(title))
	for _, r := range title {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '&'):
			b.WriteRune(r)
		case r < utf8.RuneSelf && r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsMark(r)):
			b.WriteRune(unicode.ToLower(r))
		case r == '-':
			b.WriteByte('-')
		default:
			b.WriteByte(' ')
		}
	}
	toks := strings.Fields(b.String())
	out := make([]string, 0, len(toks)+2)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if acr, n := chiefOfficer(toks, i); n > 0 {
			out = append(out, acr)
			i += n - 1
			continue
		}
		switch {
		case t == "co-founder" || t == "co-fondateur" || t == "co-fondatrice":
			t = "cofounder"
		case t == "vice-president" || t == "vice-présidente" || t == "vice-président":
			t = "vicepresident"
		case t == "co" && i+1 < len(toks) && toks[i+1] == "founder":
			t = "cofounder"
			i++
		case t == "vice" && i+1 < len(toks) && toks[i+1] == "president":
			t = "vicepresident"
			i++
		case strings.IndexByte(t, '-') >= 0:
			// "full-stack", "e-commerce": keep the joined word and its parts' meaning.
			out = append(out, strings.Split(t, "-")...)
			t = strings.ReplaceAll(t, "-", "")
		}
		if t == "co" || t == "" {
			continue
		}
		out = append(out, t)
	}
	return out
}
