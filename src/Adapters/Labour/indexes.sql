ALTER TABLE travailleur_etranger ADD CONSTRAINT travailleur_etranger_pkey PRIMARY KEY (id_travailleur);
ALTER TABLE permis_travail ADD CONSTRAINT permis_travail_pkey PRIMARY KEY (numero_permis);
ALTER TABLE etape_permis ADD CONSTRAINT etape_permis_pkey PRIMARY KEY (numero_permis, num_ordre);

-- A travel document identifies one worker.
CREATE UNIQUE INDEX travailleur_etranger_document_key
    ON travailleur_etranger (num_document, type_document, code_nationalite);
CREATE INDEX permis_travail_travailleur_idx ON permis_travail (id_travailleur);
-- Keyset paging of an employer's permits by permit number.
CREATE INDEX permis_travail_employeur_idx ON permis_travail (num_rc, numero_permis);

ALTER TABLE permis_travail ADD CONSTRAINT permis_travail_travailleur_fkey
    FOREIGN KEY (id_travailleur) REFERENCES travailleur_etranger (id_travailleur);
ALTER TABLE etape_permis ADD CONSTRAINT etape_permis_permis_fkey
    FOREIGN KEY (numero_permis) REFERENCES permis_travail (numero_permis);

ANALYZE travailleur_etranger;
ANALYZE permis_travail;
ANALYZE etape_permis;
