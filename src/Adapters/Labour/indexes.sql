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

-- Announce committed changes, from now on (the load itself is not a change anyone has cached). A permit shows
-- its worker and its steps, so a change to either announces the permit; a permit moved to another employer or
-- worker announces the old and the new ones.
CREATE OR REPLACE FUNCTION mol_annoncer_permis(p_entity text, p_numero_permis varchar, p_num_rc varchar, p_id_travailleur integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO mol_changes (entity, numero_permis, num_rc, type_document, num_document, code_nationalite)
    SELECT p_entity, p_numero_permis, p_num_rc, t.type_document, t.num_document, t.code_nationalite
    FROM (VALUES (1)) AS un (x)
    LEFT JOIN travailleur_etranger t ON t.id_travailleur = p_id_travailleur;
    PERFORM pg_notify('mol_changes', '');
END;
$$;

CREATE OR REPLACE FUNCTION mol_annonce_permis() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM mol_annoncer_permis(TG_TABLE_NAME, OLD.numero_permis, OLD.num_rc, OLD.id_travailleur);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE'
        AND (NEW.numero_permis, NEW.num_rc, NEW.id_travailleur) IS DISTINCT FROM (OLD.numero_permis, OLD.num_rc, OLD.id_travailleur)) THEN
        PERFORM mol_annoncer_permis(TG_TABLE_NAME, NEW.numero_permis, NEW.num_rc, NEW.id_travailleur);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION mol_annonce_etape() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_numero_permis varchar := CASE WHEN TG_OP = 'DELETE' THEN OLD.numero_permis ELSE NEW.numero_permis END;
    v_permis permis_travail;
BEGIN
    SELECT * INTO v_permis FROM permis_travail WHERE numero_permis = v_numero_permis;
    PERFORM mol_annoncer_permis(TG_TABLE_NAME, v_numero_permis, v_permis.num_rc, v_permis.id_travailleur);
    IF TG_OP = 'UPDATE' AND NEW.numero_permis IS DISTINCT FROM OLD.numero_permis THEN
        SELECT * INTO v_permis FROM permis_travail WHERE numero_permis = OLD.numero_permis;
        PERFORM mol_annoncer_permis(TG_TABLE_NAME, OLD.numero_permis, v_permis.num_rc, v_permis.id_travailleur);
    END IF;
    RETURN NULL;
END;
$$;

-- A worker's row is announced with his document as it was and, when it changed, as it is now.
CREATE OR REPLACE FUNCTION mol_annoncer_travailleur(
    p_entity text, p_id_travailleur integer, p_type_document char, p_num_document varchar, p_code_nationalite char)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO mol_changes (entity, numero_permis, num_rc, type_document, num_document, code_nationalite)
    SELECT p_entity, p.numero_permis, p.num_rc, p_type_document, p_num_document, p_code_nationalite
    FROM permis_travail p WHERE p.id_travailleur = p_id_travailleur;
    IF NOT FOUND THEN
        INSERT INTO mol_changes (entity, type_document, num_document, code_nationalite)
        VALUES (p_entity, p_type_document, p_num_document, p_code_nationalite);
    END IF;
    PERFORM pg_notify('mol_changes', '');
END;
$$;

CREATE OR REPLACE FUNCTION mol_annonce_travailleur() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM mol_annoncer_travailleur(
            TG_TABLE_NAME, OLD.id_travailleur, OLD.type_document, OLD.num_document, OLD.code_nationalite);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.id_travailleur, NEW.type_document, NEW.num_document, NEW.code_nationalite)
        IS DISTINCT FROM (OLD.id_travailleur, OLD.type_document, OLD.num_document, OLD.code_nationalite)) THEN
        PERFORM mol_annoncer_travailleur(
            TG_TABLE_NAME, NEW.id_travailleur, NEW.type_document, NEW.num_document, NEW.code_nationalite);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER permis_travail_annonce AFTER INSERT OR UPDATE OR DELETE ON permis_travail
    FOR EACH ROW EXECUTE FUNCTION mol_annonce_permis();
CREATE TRIGGER etape_permis_annonce AFTER INSERT OR UPDATE OR DELETE ON etape_permis
    FOR EACH ROW EXECUTE FUNCTION mol_annonce_etape();
CREATE TRIGGER travailleur_etranger_annonce AFTER INSERT OR UPDATE OR DELETE ON travailleur_etranger
    FOR EACH ROW EXECUTE FUNCTION mol_annonce_travailleur();

-- The records were replaced wholesale: followers drop whatever they cached from this ministry.
SELECT pg_notify('mol_changes', 'reset');
