package lead

import (
	"testing"

	"github.com/paceline/paceline"
)

// benchTitles are titles as an import sees them: mostly English, some in the other
// languages the classifier reads, some in gendered forms.
var benchTitles = []string{
	"Software Engineer", "Senior Software Engineer", "Head of Sales", "VP Marketing", "Director of Growth",
	"Junior Data Scientist", "Chief Technology Officer", "Lead Product Manager", "Account Executive",
	"Customer Success Manager", "Co-Founder & CEO", "Talent Acquisition Partner", "Directeur Commercial",
	"Responsable RH", "Leiterin Vertrieb", "Geschäftsführer", "Gründerin", "Directora de Ventas",
	"Vertriebsleiter (m/w/d)", "Présidente Directrice Générale", "Executive Assistant to the CEO",
	"Managing Director, EMEA", "Eigenaar", "Marketing Intern",
}

// BenchmarkClassifyTitle measures one title's classification without the Normalizer's
// cache: what an import pays per distinct title.
func BenchmarkClassifyTitle(b *testing.B) {
	b.ReportAllocs()
	var s paceline.Seniority
	for i := 0; b.Loop(); i++ {
		s, _ = ClassifyTitle(benchTitles[i%len(benchTitles)])
	}
	_ = s
}

// TestClassifyTitleGenderedForms reads each title in its masculine and its feminine
// or gender-neutral form side by side: both must give the same seniority and
// department, and that must be the one expected. Women executives were scored as
// entry level when only the masculine form was known ("Geschäftsführerin",
// "Fundadora", "Présidente").
func TestClassifyTitleGenderedForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		masculine, feminine string
		level               paceline.Seniority
		dept                string
	}{
		// German: -in, -innen, "/-in", "/in", ":in", "*in", Binnen-I, "(m/w/d)".
		{"Geschäftsführer", "Geschäftsführerin", paceline.SeniorityCLevel, "executive"},
		{"Geschäftsführer", "Geschäftsführer/-in", paceline.SeniorityCLevel, "executive"},
		{"Geschäftsführer", "Geschäftsführer:in", paceline.SeniorityCLevel, "executive"},
		{"Geschäftsführer", "Geschäftsführer*innen", paceline.SeniorityCLevel, "executive"},
		{"Geschäftsführer", "GeschäftsführerIn", paceline.SeniorityCLevel, "executive"},
		{"Geschäftsführer", "Geschäftsführer (m/w/d)", paceline.SeniorityCLevel, "executive"},
		{"Geschaeftsfuehrer", "Geschaeftsfuehrerin", paceline.SeniorityCLevel, "executive"},
		{"Gründer", "Gründerin", paceline.SeniorityOwner, "executive"},
		{"Mitgründer", "Mitgründerin", paceline.SeniorityOwner, "executive"},
		{"Inhaber", "Inhaberin", paceline.SeniorityOwner, "executive"},
		{"Vertriebsleiter", "Vertriebsleiterin", paceline.SeniorityHead, "sales"},
		{"Vertriebsleiter", "Vertriebsleiter/-in", paceline.SeniorityHead, "sales"},
		{"Vertriebsleiter", "Vertriebsleiter (m/w/d)", paceline.SeniorityHead, "sales"},
		{"Leiter Marketing", "Leiterin Marketing", paceline.SeniorityHead, "marketing"},
		{"Marketingleiter", "Marketingleiterin", paceline.SeniorityHead, "marketing"},
		{"Personalleiter", "Personalleiterin", paceline.SeniorityHead, "hr"},
		{"Teamleiter Vertrieb", "Teamleiterin Vertrieb", paceline.SeniorityManager, "sales"},
		{"Direktor", "Direktorin", paceline.SeniorityDirector, ""},
		{"Vertriebsdirektor", "Vertriebsdirektorin", paceline.SeniorityDirector, "sales"},
		{"Produktmanager", "Produktmanagerin", paceline.SeniorityManager, "product"},
		{"CEO", "CEO-in", paceline.SeniorityCLevel, "executive"},
		{"Vorstand", "Vorständin", paceline.SeniorityCLevel, "executive"},
		{"Praktikant Marketing", "Praktikantin Marketing", paceline.SeniorityIntern, "marketing"},
		{"Softwareentwickler", "Softwareentwicklerin", paceline.SeniorityEntry, "engineering"},
		{"Entwickler", "Entwicklerin", paceline.SeniorityEntry, "engineering"},
		// French.
		{"Directeur Marketing", "Directrice Marketing", paceline.SeniorityDirector, "marketing"},
		{"Président", "Présidente", paceline.SeniorityCLevel, "executive"},
		{"Fondateur", "Fondatrice", paceline.SeniorityOwner, "executive"},
		{"Cofondateur", "Cofondatrice", paceline.SeniorityOwner, "executive"},
		{"Gérant", "Gérante", paceline.SeniorityCLevel, "executive"},
		{"Directeur Général", "Directrice Générale", paceline.SeniorityCLevel, "executive"},
		{"Président Directeur Général", "Présidente Directrice Générale", paceline.SeniorityCLevel, "executive"},
		{"Vice-Président Ventes", "Vice-Présidente Ventes", paceline.SeniorityVP, "sales"},
		{"Responsable Commercial", "Responsable Commerciale", paceline.SeniorityManager, "sales"},
		{"Assistant de Direction", "Assistante de Direction", paceline.SeniorityEntry, ""},
		// Spanish, Portuguese, Italian.
		{"Director de Ventas", "Directora de Ventas", paceline.SeniorityDirector, "sales"},
		{"Diretor Comercial", "Diretora Comercial", paceline.SeniorityDirector, "sales"},
		{"Direttore Marketing", "Direttrice Marketing", paceline.SeniorityDirector, "marketing"},
		{"Presidente", "Presidenta", paceline.SeniorityCLevel, "executive"},
		{"Vicepresidente de Ventas", "Vicepresidenta de Ventas", paceline.SeniorityVP, "sales"},
		{"Fundador", "Fundadora", paceline.SeniorityOwner, "executive"},
		{"Cofundador", "Cofundadora", paceline.SeniorityOwner, "executive"},
		{"Fondatore", "Fondatrice", paceline.SeniorityOwner, "executive"},
		{"Propietario", "Propietaria", paceline.SeniorityOwner, "executive"},
		{"Proprietário", "Proprietária", paceline.SeniorityOwner, "executive"},
		{"Titolare", "Titolare", paceline.SeniorityOwner, "executive"},
		{"Gerente de Ventas", "Gerente de Ventas", paceline.SeniorityManager, "sales"},
		{"Gerente General", "Gerente General", paceline.SeniorityCLevel, "executive"},
		{"Director General", "Directora General", paceline.SeniorityCLevel, "executive"},
		{"Diretor Geral", "Diretora Geral", paceline.SeniorityCLevel, "executive"},
		{"Consejero Delegado", "Consejera Delegada", paceline.SeniorityCLevel, "executive"},
		{"Amministratore Delegato", "Amministratrice Delegata", paceline.SeniorityCLevel, "executive"},
		{"Jefe de Ventas", "Jefa de Ventas", paceline.SeniorityHead, "sales"},
		{"Asistente de Dirección", "Asistenta de Dirección", paceline.SeniorityEntry, ""},
		// Dutch.
		{"Eigenaar", "Eigenaresse", paceline.SeniorityOwner, "executive"},
		{"Oprichter", "Oprichtster", paceline.SeniorityOwner, "executive"},
		{"Medeoprichter", "Mede-oprichtster", paceline.SeniorityOwner, "executive"},
		{"Directeur", "Directrice", paceline.SeniorityDirector, ""},
		{"Algemeen Directeur", "Algemeen Directrice", paceline.SeniorityCLevel, "executive"},
		{"Bestuurder", "Bestuurder", paceline.SeniorityCLevel, "executive"},
		// English.
		{"Chairman", "Chairwoman", paceline.SeniorityCLevel, "executive"},
		{"Founder", "Founder", paceline.SeniorityOwner, "executive"},
	}
	for _, tt := range tests {
		for _, title := range []string{tt.masculine, tt.feminine} {
			level, dept := ClassifyTitle(title)
			if level != tt.level || dept != tt.dept {
				t.Errorf("ClassifyTitle(%q) = %q, %q; want %q, %q", title, level, dept, tt.level, tt.dept)
			}
		}
	}
}

// TestClassifyTitleGenderSuffixKeepsOtherWords checks that reading "-in" as a
// feminine ending does not turn unrelated words into titles.
func TestClassifyTitleGenderSuffixKeepsOtherWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		title string
		level paceline.Seniority
		dept  string
	}{
		{"LinkedIn Specialist", paceline.SeniorityEntry, ""},
		{"Bitcoin Analyst", paceline.SeniorityEntry, "data"},
		{"Sysadmin", paceline.SeniorityEntry, "it"},
		{"Assistentin der Geschäftsführung", paceline.SeniorityEntry, ""},
		{"Assistant Director", paceline.SeniorityDirector, ""},
		{"Kevin", paceline.SeniorityEntry, ""},
	}
	for _, tt := range tests {
		level, dept := ClassifyTitle(tt.title)
		if level != tt.level || dept != tt.dept {
			t.Errorf("ClassifyTitle(%q) = %q, %q; want %q, %q", tt.title, level, dept, tt.level, tt.dept)
		}
	}
}
