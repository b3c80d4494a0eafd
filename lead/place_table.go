package lead

// The place tables behind TimeZoneFor. Each line is "IANA zone: name, name, ...", names
// folded (lower case, no diacritics). They cover the countries with one time zone (or
// one zone where nearly everyone lives), the states and provinces of the countries
// that span several, and the metropolitan areas LinkedIn writes in its locations. It
// is a heuristic meant for the common case, not a gazetteer.

// countryZones: countries whose people nearly all live in one zone.
const countryZones = `
Europe/London: united kingdom, uk, great britain, britain, england, scotland, wales, northern ireland
Europe/Dublin: ireland
Europe/Paris: france, monaco
Europe/Berlin: germany, deutschland
Europe/Madrid: spain, espana
Europe/Lisbon: portugal
Europe/Rome: italy, italia, san marino, vatican city
Europe/Amsterdam: netherlands, the netherlands, holland, nederland
Europe/Brussels: belgium, belgique, belgie
Europe/Luxembourg: luxembourg
Europe/Zurich: switzerland, schweiz, suisse, svizzera, liechtenstein
Europe/Vienna: austria, osterreich
Europe/Stockholm: sweden, sverige
Europe/Oslo: norway, norge
Europe/Copenhagen: denmark, danmark
Europe/Helsinki: finland, suomi
Atlantic/Reykjavik: iceland
Europe/Warsaw: poland, polska
Europe/Prague: czechia, czech republic
Europe/Bratislava: slovakia
Europe/Budapest: hungary
Europe/Bucharest: romania
Europe/Sofia: bulgaria
Europe/Athens: greece
Europe/Istanbul: turkey, turkiye
Europe/Kyiv: ukraine
Europe/Vilnius: lithuania
Europe/Riga: latvia
Europe/Tallinn: estonia
Europe/Belgrade: serbia, montenegro
Europe/Zagreb: croatia
Europe/Ljubljana: slovenia
Europe/Sarajevo: bosnia and herzegovina
Europe/Skopje: north macedonia
Europe/Tirane: albania
Europe/Malta: malta
Asia/Nicosia: cyprus
Europe/Chisinau: moldova
Europe/Minsk: belarus
Europe/Moscow: russia, russian federation
Asia/Yerevan: armenia
Asia/Baku: azerbaijan
Asia/Jerusalem: israel
Asia/Beirut: lebanon
Asia/Amman: jordan
Asia/Riyadh: saudi arabia, ksa, kuwait, qatar, bahrain
Asia/Dubai: united arab emirates, uae, oman
Asia/Tehran: iran
Asia/Baghdad: iraq
Africa/Cairo: egypt
Africa/Casablanca: morocco
Africa/Algiers: algeria
Africa/Tunis: tunisia
Africa/Lagos: nigeria
Africa/Accra: ghana
Africa/Nairobi: kenya, ethiopia, tanzania, uganda
Africa/Johannesburg: south africa
Africa/Kigali: rwanda
Africa/Dakar: senegal
Africa/Abidjan: cote d'ivoire, ivory coast
Indian/Mauritius: mauritius
Asia/Kolkata: india
Asia/Karachi: pakistan
Asia/Dhaka: bangladesh
Asia/Colombo: sri lanka
Asia/Kathmandu: nepal
Asia/Shanghai: china, prc
Asia/Hong_Kong: hong kong, hong kong sar
Asia/Taipei: taiwan
Asia/Tokyo: japan
Asia/Seoul: south korea, korea, republic of korea
Asia/Singapore: singapore
Asia/Kuala_Lumpur: malaysia
Asia/Bangkok: thailand
Asia/Ho_Chi_Minh: vietnam, viet nam
Asia/Manila: philippines
Asia/Jakarta: indonesia
Pacific/Auckland: new zealand, aotearoa
America/Mexico_City: mexico
America/Bogota: colombia
America/Lima: peru
America/Santiago: chile
America/Argentina/Buenos_Aires: argentina
America/Montevideo: uruguay
America/Asuncion: paraguay
America/La_Paz: bolivia
America/Guayaquil: ecuador
America/Caracas: venezuela
America/Sao_Paulo: brazil, brasil
America/Costa_Rica: costa rica
America/Panama: panama
America/Guatemala: guatemala
America/El_Salvador: el salvador
America/Tegucigalpa: honduras
America/Managua: nicaragua
America/Santo_Domingo: dominican republic
America/Puerto_Rico: puerto rico
America/Jamaica: jamaica
America/Havana: cuba
`

// multiZoneCountries span several zones: only a state, province or city tells the
// zone, and it must start with one of the listed prefixes (a city of the same name
// elsewhere is ignored).
const multiZoneCountries = `
America/ Pacific/Honolulu: united states, united states of america, usa, us, u.s., u.s.a., america
America/: canada
Australia/: australia
`

// regionZones: states and provinces of the multi-zone countries, by name and by the
// postal code that follows a city ("Austin, TX"). Split states take the zone where
// most of their people live.
const regionZones = `
America/New_York: connecticut, ct, delaware, de, district of columbia, dc, d.c., florida, fl, georgia, ga, indiana, in, kentucky, ky, maine, me, maryland, md, massachusetts, ma, michigan, mi, new hampshire, nh, new jersey, nj, new york, ny, north carolina, nc, ohio, oh, pennsylvania, pa, rhode island, ri, south carolina, sc, vermont, vt, virginia, va, west virginia, wv, ontario, on, quebec, qc, nova scotia, new brunswick, prince edward island, nunavut
America/Chicago: alabama, al, arkansas, ar, illinois, il, iowa, ia, kansas, ks, louisiana, la, minnesota, mn, mississippi, ms, missouri, mo, nebraska, ne, north dakota, nd, oklahoma, ok, south dakota, sd, tennessee, tn, texas, tx, wisconsin, wi, manitoba, mb
America/Denver: colorado, co, idaho, id, montana, mt, new mexico, nm, utah, ut, wyoming, wy, alberta, ab, northwest territories
America/Phoenix: arizona, az
America/Los_Angeles: california, ca, nevada, nv, oregon, or, washington, wa, washington state, british columbia, bc, yukon
America/Anchorage: alaska, ak
Pacific/Honolulu: hawaii, hi
America/Regina: saskatchewan, sk
America/St_Johns: newfoundland and labrador, newfoundland, nl
Australia/Sydney: new south wales, nsw, australian capital territory, act
Australia/Melbourne: victoria, vic
Australia/Brisbane: queensland, qld
Australia/Adelaide: south australia, sa
Australia/Perth: western australia
Australia/Hobart: tasmania, tas
Australia/Darwin: northern territory, nt
`

// cityZones: metropolitan areas as LinkedIn and the data vendors write them.
const cityZones = `
America/New_York: new york, new york city, nyc, manhattan, brooklyn, boston, philadelphia, washington dc, washington d.c., washington dc-baltimore, atlanta, miami, orlando, tampa, charlotte, raleigh, raleigh-durham, durham, pittsburgh, baltimore, detroit, columbus, cleveland, cincinnati, indianapolis, jacksonville, richmond, hartford, newark, jersey city, stamford, toronto, montreal, ottawa, quebec city, mississauga, waterloo
America/Chicago: chicago, houston, dallas, dallas-fort worth, dfw, austin, san antonio, minneapolis, minneapolis-st. paul, st. louis, saint louis, kansas city, nashville, memphis, new orleans, milwaukee, oklahoma city, omaha, madison, des moines, winnipeg
America/Denver: denver, boulder, salt lake city, albuquerque, boise, calgary, edmonton
America/Phoenix: phoenix, scottsdale, tempe, tucson
America/Los_Angeles: san francisco, san francisco bay, bay area, silicon valley, san jose, palo alto, mountain view, oakland, los angeles, la, santa monica, san diego, sacramento, seattle, bellevue, redmond, portland, las vegas, irvine, vancouver, victoria bc
Pacific/Honolulu: honolulu
America/Anchorage: anchorage
Australia/Sydney: sydney, canberra
Australia/Melbourne: melbourne
Australia/Brisbane: brisbane, gold coast
Australia/Perth: perth
Australia/Adelaide: adelaide
Europe/London: london, manchester, birmingham, edinburgh, glasgow, bristol, leeds, liverpool, cambridge, oxford, belfast, cardiff, reading, newcastle, nottingham, sheffield
Europe/Dublin: dublin, cork, galway
Europe/Paris: paris, ile-de-france, lyon, marseille, toulouse, nice, nantes, bordeaux, lille, strasbourg, montpellier, rennes, grenoble, sophia antipolis
Europe/Berlin: berlin, munich, munchen, hamburg, frankfurt, frankfurt am main, cologne, koln, dusseldorf, stuttgart, leipzig, dresden, hannover, nuremberg, nurnberg, bremen, karlsruhe, heidelberg
Europe/Madrid: madrid, barcelona, valencia, seville, sevilla, malaga, bilbao, zaragoza
Europe/Lisbon: lisbon, lisboa, porto
Europe/Rome: rome, roma, milan, milano, turin, torino, florence, firenze, naples, napoli, bologna
Europe/Amsterdam: amsterdam, rotterdam, the hague, den haag, utrecht, eindhoven
Europe/Brussels: brussels, bruxelles, brussel, antwerp, antwerpen, ghent, gent
Europe/Zurich: zurich, geneva, geneve, basel, bern, lausanne, zug
Europe/Vienna: vienna, wien
Europe/Stockholm: stockholm, gothenburg, goteborg, malmo
Europe/Oslo: oslo, bergen
Europe/Copenhagen: copenhagen, kobenhavn, aarhus
Europe/Helsinki: helsinki, espoo, tampere
Europe/Warsaw: warsaw, warszawa, krakow, wroclaw, gdansk, poznan
Europe/Prague: prague, praha, brno
Europe/Budapest: budapest
Europe/Bucharest: bucharest, cluj-napoca
Europe/Athens: athens
Europe/Istanbul: istanbul, ankara
Europe/Kyiv: kyiv, kiev, lviv
Europe/Moscow: moscow, saint petersburg, st petersburg
Asia/Jerusalem: tel aviv, tel aviv-yafo, jerusalem, haifa
Asia/Dubai: dubai, abu dhabi
Asia/Riyadh: riyadh, jeddah, doha
Africa/Cairo: cairo
Asia/Tbilisi: tbilisi
Africa/Lagos: lagos
Africa/Nairobi: nairobi
Africa/Johannesburg: johannesburg, cape town, durban, pretoria
Africa/Casablanca: casablanca
Asia/Kolkata: bangalore, bengaluru, mumbai, delhi, new delhi, hyderabad, chennai, pune, kolkata, gurgaon, gurugram, noida, ahmedabad
Asia/Karachi: karachi, lahore, islamabad
Asia/Shanghai: beijing, shanghai, shenzhen, guangzhou, hangzhou, chengdu
Asia/Hong_Kong: hong kong
Asia/Taipei: taipei
Asia/Tokyo: tokyo, osaka, kyoto, yokohama
Asia/Seoul: seoul, busan
Asia/Singapore: singapore
Asia/Kuala_Lumpur: kuala lumpur
Asia/Bangkok: bangkok
Asia/Jakarta: jakarta
Asia/Manila: manila, makati
Asia/Ho_Chi_Minh: ho chi minh city, saigon, hanoi
Pacific/Auckland: auckland, wellington, christchurch
America/Mexico_City: mexico city, ciudad de mexico, cdmx, guadalajara, monterrey
America/Sao_Paulo: sao paulo, rio de janeiro, belo horizonte, brasilia, curitiba, porto alegre
America/Argentina/Buenos_Aires: buenos aires
America/Bogota: bogota, medellin
America/Santiago: santiago
America/Lima: lima
`
