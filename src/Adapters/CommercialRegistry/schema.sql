-- Centre national du registre du commerce: the register of traders and companies.
-- No keys or indexes here: indexes.sql adds them after the bulk load.

DROP TABLE IF EXISTS cr_changes CASCADE;
DROP TABLE IF EXISTS rc_entreprise CASCADE;
DROP TABLE IF EXISTS rc_wilaya CASCADE;

CREATE TABLE rc_wilaya (
    code_wilaya       smallint    NOT NULL,
    libelle_wilaya    varchar(40) NOT NULL,
    libelle_wilaya_ar varchar(40) NOT NULL
);

CREATE TABLE rc_entreprise (
    num_rc               varchar(10)  NOT NULL,
    nif                  char(15)     NOT NULL,
    num_employeur_cnas   char(10),
    raison_sociale       varchar(150) NOT NULL,
    raison_sociale_ar    varchar(150) NOT NULL,
    forme_juridique      varchar(4)   NOT NULL
        CONSTRAINT ck_rc_entreprise_forme CHECK (forme_juridique IN ('EI', 'SARL', 'EURL', 'SPA', 'SNC', 'EPIC', 'EPA')),
    etat                 char(1)      NOT NULL
        CONSTRAINT ck_rc_entreprise_etat CHECK (etat IN ('A', 'S', 'R')),
    date_immatriculation date         NOT NULL,
    date_suspension      date,
    date_radiation       date,
    code_activite        char(4)      NOT NULL,
    code_wilaya          smallint     NOT NULL,
    effectif_declare     integer      NOT NULL
        CONSTRAINT ck_rc_entreprise_effectif CHECK (effectif_declare >= 0),
    date_maj             timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT ck_rc_entreprise_suspension CHECK ((etat = 'S') = (date_suspension IS NOT NULL)),
    CONSTRAINT ck_rc_entreprise_radiation CHECK ((etat = 'R') = (date_radiation IS NOT NULL))
);

-- date_maj is the record's last change at the source: every update stamps it, whatever the client sends.
CREATE OR REPLACE FUNCTION rc_entreprise_stamp_date_maj() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.date_maj := clock_timestamp();
    RETURN NEW;
END;
$$;

CREATE TRIGGER trg_rc_entreprise_date_maj
    BEFORE UPDATE ON rc_entreprise
    FOR EACH ROW EXECUTE FUNCTION rc_entreprise_stamp_date_maj();

-- The registry's change outbox: one row per changed employer, appended by the triggers that indexes.sql creates
-- after the bulk load. Followers read it by sequence, and the notification on channel cr_changes wakes them.
CREATE TABLE cr_changes (
    seq        bigserial   PRIMARY KEY,
    entity     varchar(20) NOT NULL,
    num_rc     varchar(10),
    changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Followers of the old outbox learn that its sequence starts again.
SELECT pg_notify('cr_changes', 'reset');
