-- Run after the bulk load and the keys (the load itself is not a change anyone has cached): every committed
-- change to an employer's account is announced in ssf_changes with the employer's registry number, and the
-- notification on channel ssf_changes wakes the followers. Insured persons do not enter the standing.
CREATE OR REPLACE FUNCTION ssf_annoncer_compte(p_entity text, p_id_compte integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ssf_changes (entity, num_rc)
    SELECT p_entity, e.num_rc FROM (VALUES (1)) AS un (x) LEFT JOIN employeurs e ON e.id_compte = p_id_compte;
    PERFORM pg_notify('ssf_changes', '');
END;
$$;

CREATE OR REPLACE FUNCTION ssf_annonce_employeur() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO ssf_changes (entity, num_rc) VALUES (TG_TABLE_NAME, OLD.num_rc);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.num_rc IS DISTINCT FROM OLD.num_rc) THEN
        INSERT INTO ssf_changes (entity, num_rc) VALUES (TG_TABLE_NAME, NEW.num_rc);
    END IF;
    PERFORM pg_notify('ssf_changes', '');
    RETURN NULL;
END;
$$;

-- Declarations, payments, penalties and payment plans: rows of an account (id_compte).
CREATE OR REPLACE FUNCTION ssf_annonce_ligne_compte() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM ssf_annoncer_compte(TG_TABLE_NAME, OLD.id_compte);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.id_compte IS DISTINCT FROM OLD.id_compte) THEN
        PERFORM ssf_annoncer_compte(TG_TABLE_NAME, NEW.id_compte);
    END IF;
    RETURN NULL;
END;
$$;

-- Instalments belong to a payment plan, which belongs to an account.
CREATE OR REPLACE FUNCTION ssf_annonce_echeance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM ssf_annoncer_compte(TG_TABLE_NAME, (SELECT id_compte FROM echeanciers WHERE num_echeancier = OLD.num_echeancier));
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.num_echeancier IS DISTINCT FROM OLD.num_echeancier) THEN
        PERFORM ssf_annoncer_compte(TG_TABLE_NAME, (SELECT id_compte FROM echeanciers WHERE num_echeancier = NEW.num_echeancier));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER employeurs_annonce AFTER INSERT OR UPDATE OR DELETE ON employeurs
    FOR EACH ROW EXECUTE FUNCTION ssf_annonce_employeur();
CREATE TRIGGER declarations_annonce AFTER INSERT OR UPDATE OR DELETE ON declarations
    FOR EACH ROW EXECUTE FUNCTION ssf_annonce_ligne_compte();
CREATE TRIGGER versements_annonce AFTER INSERT OR UPDATE OR DELETE ON versements
    FOR EACH ROW EXECUTE FUNCTION ssf_annonce_ligne_compte();
CREATE TRIGGER majorations_annonce AFTER INSERT OR UPDATE OR DELETE ON majorations
    FOR EACH ROW EXECUTE FUNCTION ssf_annonce_ligne_compte();
CREATE TRIGGER echeanciers_annonce AFTER INSERT OR UPDATE OR DELETE ON echeanciers
    FOR EACH ROW EXECUTE FUNCTION ssf_annonce_ligne_compte();
CREATE TRIGGER echeances_annonce AFTER INSERT OR UPDATE OR DELETE ON echeances
    FOR EACH ROW EXECUTE FUNCTION ssf_annonce_echeance();

-- The records were replaced wholesale: followers drop whatever they cached from this fund.
SELECT pg_notify('ssf_changes', 'reset');
