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
	"owner": paceline.SeniorityOwner, "proprietor": paceline.SeniorityOwner,

	"ceo": paceline.SeniorityCLevel, "cto": paceline.SeniorityCLevel, "cfo": paceline.SeniorityCLevel,
	"coo": paceline.SeniorityCLevel, "cmo": paceline.SeniorityCLevel, "cio": paceline.SeniorityCLevel,
	"ciso": paceline.SeniorityCLevel, "cpo": paceline.SeniorityCLevel, "cro": paceline.SeniorityCLevel,
	"cso": paceline.SeniorityCLevel, "cdo": paceline.SeniorityCLevel, "chro": paceline.SeniorityCLevel,
	"cco": paceline.SeniorityCLevel, "cxo": paceline.SeniorityCLevel, "chief": paceline.SeniorityCLevel,
	"president": paceline.SeniorityCLevel, "pdg": paceline.SeniorityCLevel, "chair": paceline.SeniorityCLevel,
	"geschäftsführer": paceline.SeniorityCLevel, "geschaftsfuhrer": paceline.SeniorityCLevel,

	"vp": paceline.SeniorityVP, "svp": paceline.SeniorityVP, "evp": paceline.SeniorityVP,
	"avp": paceline.SeniorityVP, "vicepresident": paceline.SeniorityVP,

	"head": paceline.SeniorityHead, "leiter": paceline.SeniorityHead, "leiterin": paceline.SeniorityHead,

	"director": paceline.SeniorityDirector, "directorate": paceline.SeniorityDirector,

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
	"owner": {"executive", 3}, "president": {"executive", 2}, "pdg": {"executive", 1}, "chair": {"executive", 2},
	"geschäftsführer": {"executive", 1},

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
	{" general manager ", deptRule{"executive", 1}},
	{" art director ", deptRule{"design", 0}},
	{" engineering manager ", deptRule{"engineering", 0}},
}

type deptRule struct {
	dept string
	rank int
}

// titleAliases are the other forms of a title word: feminine and gendered forms and
// the same word in another language. Each reads as the word it names, in both
// seniorityWords and departmentWords (init copies them in), so that "Gründerin",
// "Fundadora" and "Oprichter" cannot drift from "founder". German "-in" and "-innen"
// endings and compounds ("Vertriebsleiterin") need no entry: see germanWord.
var titleAliases = map[string]string{
	// German.
	"geschaeftsfuehrer": "geschäftsführer", "gruender": "founder", "grunder": "founder",
	"gründer": "founder", "mitgründer": "cofounder", "mitgruender": "cofounder",
	"inhaber": "owner", "vorstand": "chair", "vorständin": "chair", "vorstandsvorsitzender": "ceo",
	"vorstandsvorsitzende": "ceo", "direktor": "director", "leitung": "head",
	"assistent": "assistant", "assistenz": "assistant",
	// French.
	"président": "president", "présidente": "president", "presidente": "president",
	"fondateur": "founder", "fondatrice": "founder", "cofondateur": "cofounder",
	"cofondatrice": "cofounder", "gérant": "geschäftsführer", "gérante": "geschäftsführer",
	"gerant": "geschäftsführer", "gerante": "geschäftsführer", "directeur": "director",
	"directrice": "director", "assistante": "assistant", "commerciale": "commercial",
	"propriétaire": "owner", "proprietaire": "owner",
	// Spanish, Portuguese, Italian.
	"presidenta": "president", "fundador": "founder", "fundadora": "founder",
	"cofundador": "cofounder", "cofundadora": "cofounder", "fondatore": "founder",
	"cofondatore": "cofounder", "directora": "director", "diretor": "director",
	"diretora": "director", "direttore": "director", "direttrice": "director",
	"propietario": "owner", "propietaria": "owner", "proprietário": "owner",
	"proprietária": "owner", "proprietario": "owner", "proprietaria": "owner",
	"dueño": "owner", "dueña": "owner", "titolare": "owner",
	"jefe": "head", "jefa": "head", "responsabile": "responsable", "comercial": "commercial",
	"asistente": "assistant", "asistenta": "assistant", "assistente": "assistant",
	"vicepresidente": "vicepresident", "vicepresidenta": "vicepresident",
	// Dutch.
	"eigenaar": "owner", "eigenares": "owner", "eigenaresse": "owner", "oprichter": "founder",
	"oprichtster": "founder", "medeoprichter": "cofounder", "medeoprichtster": "cofounder",
	"bestuurder": "chair", "bestuursvoorzitter": "ceo", "zaakvoerder": "geschäftsführer",
	"zaakvoerster": "geschäftsführer", "hoofd": "head", "teamleider": "teamlead",
	"stagiair": "stagiaire",
	// English.
	"chairman": "chair", "chairwoman": "chair", "chairperson": "chair",
	"proprietress": "owner", "foundress": "founder",
}

func init() {
	for alias, word := range titleAliases {
		s, sok := seniorityWords[word]
		r, dok := departmentWords[word]
		if !sok && !dok {
			panic("lead: title alias " + alias + " names " + word + ", which is no title word")
		}
		if sok {
			seniorityWords[alias] = s
		}
		if dok {
			departmentWords[alias] = r
		}
	}
}

// germanCompounds are the last parts of German compound titles and the level they
// give: "Vertriebsleiter" is a head of sales, "Produktmanagerin" a product manager.
var germanCompounds = []struct {
	suffix string
	level  paceline.Seniority
}{
	{"leiter", paceline.SeniorityHead}, {"leitung", paceline.SeniorityHead},
	{"direktor", paceline.SeniorityDirector}, {"chef", paceline.SeniorityHead},
	{"manager", paceline.SeniorityManager}, {"entwickler", paceline.SeniorityEntry},
}

// germanTeamPrefixes lead a compound that runs a team rather than a department:
// "Teamleiter", "Projektleiterin".
var germanTeamPrefixes = map[string]bool{"team": true, "gruppen": true, "projekt": true, "schicht": true}

// germanDepartments are the first parts of German compound titles, by department.
var germanDepartments = map[string]string{
	"vertrieb": "sales", "verkauf": "sales", "marketing": "marketing", "personal": "hr",
	"finanz": "finance", "finanzen": "finance", "buchhaltung": "finance", "einkauf": "operations",
	"logistik": "operations", "produkt": "product", "produktion": "operations", "it": "it",
	"software": "engineering", "entwicklung": "engineering", "technik": "engineering",
	"kundenservice": "customer-success", "kommunikation": "marketing", "recht": "legal",
}

// germanWord reads a word that is no title word as written: a feminine form
// ("Geschäftsführerin", "Gründerinnen") reads as its masculine one, and a compound
// ("Vertriebsleiterin") as its parts. ok is false when it is none of these.
func germanWord(t string) (s paceline.Seniority, sok bool, d deptRule, dok bool) {
	stem := t
	switch {
	case strings.HasSuffix(t, "innen"):
		stem = t[:len(t)-len("innen")]
	case strings.HasSuffix(t, "in"):
		stem = t[:len(t)-len("in")]
	}
	if stem != t {
		s, sok = seniorityWords[stem]
		d, dok = departmentWords[stem]
		if sok || dok {
			return s, sok, d, dok
		}
	}
	for _, c := range germanCompounds {
		if len(stem) <= len(c.suffix) || !strings.HasSuffix(stem, c.suffix) {
			continue
		}
		prefix := stem[:len(stem)-len(c.suffix)]
		prefix = strings.TrimSuffix(prefix, "s") // the joining s of "Vertriebsleiter"
		s, sok = c.level, c.level != paceline.SeniorityEntry
		if germanTeamPrefixes[prefix] {
			s = paceline.SeniorityManager
		}
		if dept, ok := germanDepartments[prefix]; ok {
			d, dok = deptRule{dept, 1}, true
		} else if r, ok := departmentWords[prefix]; ok {
			d, dok = r, true
		}
		if c.suffix == "entwickler" && !dok {
			d, dok = deptRule{"engineering", 3}, true
		}
		return s, sok, d, dok
	}
	return "", false, deptRule{}, false
}

// levelPhrases are several-word titles whose level is not the one their words give,
// checked only when a title holds a word that can start one (levelCue).
var levelPhrases = []struct {
	phrase string
	level  paceline.Seniority
	dept   string
}{
	{" managing director ", paceline.SeniorityCLevel, "executive"},
	{" directeur général ", paceline.SeniorityCLevel, "executive"},
	{" directeur general ", paceline.SeniorityCLevel, "executive"},
	{" directrice générale ", paceline.SeniorityCLevel, "executive"},
	{" directrice generale ", paceline.SeniorityCLevel, "executive"},
	{" director general ", paceline.SeniorityCLevel, "executive"},
	{" directora general ", paceline.SeniorityCLevel, "executive"},
	{" diretor geral ", paceline.SeniorityCLevel, "executive"},
	{" diretora geral ", paceline.SeniorityCLevel, "executive"},
	{" direttore generale ", paceline.SeniorityCLevel, "executive"},
	{" direttrice generale ", paceline.SeniorityCLevel, "executive"},
	{" algemeen directeur ", paceline.SeniorityCLevel, "executive"},
	{" algemeen directrice ", paceline.SeniorityCLevel, "executive"},
	{" gerente general ", paceline.SeniorityCLevel, "executive"},
	{" consejero delegado ", paceline.SeniorityCLevel, "executive"},
	{" consejera delegada ", paceline.SeniorityCLevel, "executive"},
	{" amministratore delegato ", paceline.SeniorityCLevel, "executive"},
	{" amministratrice delegata ", paceline.SeniorityCLevel, "executive"},
	{" executive director ", paceline.SeniorityDirector, ""},
}

// assistantWords are "assistant" in the languages read, feminine forms included.
var assistantWords = map[string]bool{"assistant": true, "assistante": true, "assistent": true,
	"assistentin": true, "assistenz": true, "asistente": true, "asistenta": true, "assistente": true}

// assistantOf are the words after "assistant" (in any language) that make it the
// assistant of someone: "Assistant to the CEO", "Assistentin der Geschäftsführung".
var assistantOf = map[string]bool{"to": true, "of": true, "de": true, "der": true, "des": true,
	"du": true, "di": true, "del": true, "da": true, "van": true}

// ClassifyTitle reads a job title's seniority and department. It is a keyword
// heuristic in English, French, German, Spanish, Portuguese, Italian and Dutch, in
// masculine, feminine and gendered forms ("Geschäftsführer/-in", "(m/w/d)"): a title
// with no level word is SeniorityEntry, one with no department word has an empty
// department.
func ClassifyTitle(title string) (paceline.Seniority, string) {
	toks := titleTokens(title)
	if len(toks) == 0 {
		return "", ""
	}

	level, rank := paceline.SeniorityEntry, seniorityRank[paceline.SeniorityEntry]
	set := func(s paceline.Seniority) {
		if r := seniorityRank[s]; r < rank {
			level, rank = s, r
		}
	}
	dept, drank := "", 1<<30
	levelCue, assistant := false, false
	for i, t := range toks {
		s, sok := seniorityWords[t]
		r, dok := departmentWords[t]
		if !sok && !dok && len(t) > 5 {
			s, sok, r, dok = germanWord(t) // rare: most words are known or no title word
			levelCue = levelCue || strings.HasPrefix(t, "delega")
		}
		if sok {
			switch {
			case t == "owner" && i > 0 && ownerNotOwner[toks[i-1]]:
				continue // "Product Owner" is a role, not the owner of the business
			case t == "president" && i > 0 && toks[i-1] == "vice":
				s = paceline.SeniorityVP
			case t == "lead" && i == len(toks)-1 && len(toks) > 1:
				s = paceline.SeniorityManager // "Team Lead", "Tech Lead"; "Lead Engineer" is senior
			case s == paceline.SeniorityEntry && assistantWords[t] &&
				(i+1 < len(toks) && assistantOf[toks[i+1]] || i > 0 && toks[i-1] == "executive"):
				// "Assistant to the CEO", "Executive Assistant": the assistant of a
				// level, not at it.
				assistant = true
			}
			levelCue = levelCue || s == paceline.SeniorityDirector || s == paceline.SeniorityManager || t == "chief"
			set(s)
		}
		if t == "partner" && i == len(toks)-1 && (i == 0 || partnerRanks[toks[i-1]]) {
			set(paceline.SeniorityOwner) // "Managing Partner"; not "Talent Partner" or "Partner Manager"
		}
		if dok && r.rank < drank {
			dept, drank = r.dept, r.rank
		}
	}
	padded := " " + strings.Join(toks, " ") + " "
	if levelCue {
		for _, p := range levelPhrases {
			if strings.Contains(padded, p.phrase) {
				set(p.level)
				if p.dept != "" && drank > 0 {
					dept, drank = p.dept, 0
				}
				break
			}
		}
		if strings.Contains(padded, " chief of staff ") {
			level, rank = paceline.SeniorityDirector, seniorityRank[paceline.SeniorityDirector]
		}
	}
	if assistant {
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
			for part := range strings.SplitSeq(t, "-") {
				if part != "" {
					out = append(out, part) // "Geschäftsführer/-in": no empty word
				}
			}
			t = strings.ReplaceAll(t, "-", "")
		}
		if t == "co" || t == "" {
			continue
		}
		out = append(out, t)
	}
	return out
}
